/**
 * The CPUs we lack, under QEMU user-mode emulation (Debian's qemu-user), in the reduced form that
 * fits CI: the instruction-set probe under an emulated Haswell (AVX2, no AVX-512) and a pre-AVX
 * Nehalem (x86-64-v2) turns off what those CPUs lack although /proc/cpuinfo (the host's) lists it;
 * and on the emulated Haswell, kernels built with the probe's sets pass their proof (F32 and
 * Q4_K_M against node-llama-cpp's prebuilt haswell variant) and score stories260K with the same
 * numbers as this machine's kernels within SCORE_TOLERANCE_NATS. The full form (every weight type,
 * Nehalem too) is `node scripts/emulated-cpu-check.mjs`, described in the README.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkEmulatedCpu,
  emulatedFeatures,
  SCORE_TOLERANCE_NATS,
} from "../../scripts/emulated-cpu-check.mjs";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

function hasQemu(): boolean {
  try {
    execFileSync("qemu-x86_64", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const isX64Linux = process.platform === "linux" && process.arch === "x64";
const qemu = isX64Linux && hasQemu();
if (process.env.CI === "true" && isX64Linux && !qemu) {
  throw new Error("CI: qemu-user is not installed (.ci/run installs it)");
}

const enabled = (features: { option: string; enabled: boolean }[]) =>
  features.filter((feature) => feature.enabled).map((feature) => feature.option.replace(/^GGML_/, ""));

describe.skipIf(!qemu)("the CPUs we lack, emulated", () => {
  const work = mkdtempSync(join(tmpdir(), "logprobe-emulated-"));

  it("the probe on an emulated Haswell enables AVX2 and nothing above it", () => {
    const sets = enabled(emulatedFeatures("Haswell", join(work, "haswell"), join(work, "probe.log")));
    expect(sets).toEqual(["SSE42", "AVX", "AVX2", "BMI2", "FMA", "F16C"]);
  });

  it("the probe on an emulated Nehalem (pre-AVX) enables SSE4.2 only", () => {
    const sets = enabled(emulatedFeatures("Nehalem", join(work, "nehalem"), join(work, "probe.log")));
    expect(sets).toEqual(["SSE42"]);
  });

  it.skipIf(!requireTestModel())(
    "on an emulated Haswell, the built kernels pass their proof and score as this machine does",
    () => {
      const cache = join(
        process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"),
        "logprobe",
        "emulated-cpus",
      );
      const result = checkEmulatedCpu("Haswell", {
        types: ["F32", "Q4_K_M"],
        model: testModelPath,
        workRoot: cache,
      });
      expect(result.proof.failure).toBeUndefined();
      expect(result.score.evaluator.cpuKernels).toBe("openmp");
      expect(result.score.evaluator.instructionSets).toEqual(result.instructionSets);
      expect(result.score.largestGapNats).toBeLessThanOrEqual(SCORE_TOLERANCE_NATS);
      expect(result.passed).toBe(true);
    },
    1_500_000,
  );
});
