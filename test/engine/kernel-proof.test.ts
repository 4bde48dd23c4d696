/**
 * The proof of the CPU kernels built at install (native/kernel-proof/), on this machine's real
 * build: it passes on the kernels in use; the test-only switch LOGPROBE_TEST_PROOF_FAIL makes its
 * child die with SIGILL (or return logprobs one nat off) for a chosen instruction set, so that the
 * downgrade ladder and the run-time guard run here whatever the CPU: on the Intel Xeon VM they
 * also run for real (ggml's AMX kernels die with SIGILL there).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DOWNGRADE_STEPS } from "../../native/kernel-proof/downgrade-ladder.mjs";
import {
  PROOF_TYPES,
  type ProofDecode,
  proveCpuKernels,
} from "../../native/kernel-proof/prove-cpu-kernels.mjs";

type ProofDecodes = Map<string, ProofDecode>;

import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const addon = loadNativeAddon();
const kernels = addon.cpuKernels;
const openmp = addon.available && kernels.kind === "openmp" && kernels.path !== undefined;
if (process.env.CI === "true" && !openmp) {
  throw new Error(`CI: the OpenMP CPU kernels are not in use (${kernels.reason})`);
}
const options = (kernels.instructionSets ?? []).map((set) => `GGML_${set}`);
/** The option the switch fails: the first one of the first ladder step built in, else the highest one. */
const ladderStep = DOWNGRADE_STEPS.find((step) => step.options.some((option) => options.includes(option)));
const failing =
  ladderStep?.options.find((option) => options.includes(option)) ?? options.at(-1) ?? "GGML_SSE42";

/** One folder of proof models and one decode of the prebuilt kernels for the tests below. */
const workDir = mkdtempSync(join(tmpdir(), "logprobe-proof-"));
let reference: ProofDecodes | undefined;

function proveInstalled() {
  if (!addon.available || kernels.path === undefined) throw new Error("no built kernels");
  const proof = proveCpuKernels({
    addon: addon.path,
    bins: addon.binsDir,
    cpuBackend: kernels.path,
    options,
    workDir,
    ...(reference ? { reference } : {}),
  });
  reference = proof.reference;
  return proof;
}

describe.skipIf(!openmp)("the proof of the built CPU kernels", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("passes on every weight type, each within the tolerance of the prebuilt kernels", () => {
    const proof = proveInstalled();
    expect(proof.failure).toBeUndefined();
    expect(proof.types.map((t) => t.type)).toEqual(PROOF_TYPES);
    for (const type of proof.types)
      expect(type.gapNats ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(proof.tolerance);
  }, 300_000);

  it("fails, naming the type and the signal, when its child dies with SIGILL; this process lives", () => {
    vi.stubEnv("LOGPROBE_TEST_PROOF_FAIL", failing);
    const proof = proveInstalled();
    expect(proof.passed).toBe(false);
    expect(proof.failure).toBe("F32: killed by SIGILL");
    expect(proof.types.every((type) => type.failure === "killed by SIGILL")).toBe(true);
  }, 300_000);

  it("fails on a wrong number (logprobs one nat off)", () => {
    vi.stubEnv("LOGPROBE_TEST_PROOF_FAIL", `${failing}:gap`);
    const proof = proveInstalled();
    expect(proof.failure).toMatch(/^F32: logprobs differ by 1\.00 nats/);
  }, 300_000);
});

describe.skipIf(!openmp)("the run-time guard on a CPU the install did not prove", () => {
  const model = testModelPath;
  const cache = mkdtempSync(join(tmpdir(), "logprobe-guard-"));

  async function scoreAndDoctor(env: Record<string, string>) {
    requireTestModel();
    const run = await runCli(["score", "-", "--json", "--model", model, "--gpu", "off"], {
      stdin: "Once upon a time",
      env: { XDG_CACHE_HOME: cache, ...env },
      timeoutMs: 300_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const scored = JSON.parse(run.stdout) as { summary: { evaluator: { cpuKernels?: string } } };
    const doctor = await runCli(["doctor", "--json"], {
      env: { XDG_CACHE_HOME: cache, ...env },
      timeoutMs: 300_000,
    });
    expect(doctor.code, doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout) as {
      cpuKernels: { kind: string; reason?: string; provenBy?: string };
    };
    return { evaluator: scored.summary.evaluator, kernels: report.cpuKernels };
  }

  it("proves the kernels again, once, and uses them when they pass", async () => {
    const { evaluator, kernels: used } = await scoreAndDoctor({
      LOGPROBE_TEST_CPU_IDENTITY: `moved-${Date.now()}`,
    });
    expect(evaluator.cpuKernels).toBe("openmp");
    expect(used).toMatchObject({ kind: "openmp", provenBy: "here" });
  }, 600_000);

  it("scores on the prebuilt kernels, and says why, when the proof here dies with SIGILL", async () => {
    const { evaluator, kernels: used } = await scoreAndDoctor({
      LOGPROBE_TEST_CPU_IDENTITY: `moved-${Date.now()}`,
      LOGPROBE_TEST_PROOF_FAIL: failing,
    });
    expect(evaluator.cpuKernels).toBe("prebuilt");
    expect(used.kind).toBe("prebuilt");
    expect(used.reason).toMatch(/were proven on another CPU .* their proof failed \(F32: killed by SIGILL\)/);
  }, 600_000);
});

describe.skipIf(!openmp)("the install's downgrade ladder, end to end", () => {
  it("drops the failing step's instruction sets, rebuilds and records why", () => {
    // Inside the repository (node_modules/.cache), where node-gyp finds node-addon-api.
    const cacheDir = join(repoRoot, "node_modules", ".cache");
    mkdirSync(cacheDir, { recursive: true });
    const out = mkdtempSync(join(cacheDir, "logprobe-ladder-"));
    const run = spawnSync(process.execPath, [join(repoRoot, "native", "build.mjs"), "--out", out], {
      encoding: "utf8",
      env: { ...process.env, LOGPROBE_TEST_PROOF_FAIL: failing },
      timeout: 1_200_000,
    });
    const metaText = readFileSync(join(out, "build", "addon.json"), "utf8");
    rmSync(out, { recursive: true, force: true });
    expect(run.status, run.stderr).toBe(0);
    const meta = JSON.parse(metaText) as {
      cpuKernels: {
        kind: string;
        instructionSets?: string[];
        dropped: { name: string; reason: string }[];
        reason?: string;
      };
    };
    const recorded = meta.cpuKernels;
    if (ladderStep === undefined) {
      // Nothing to drop (an AVX2-only machine): the prebuilt kernels, with the proof's failure.
      expect(run.stdout).toMatch(
        /prebuilt CPU kernels \(no build passed its proof \(F32: killed by SIGILL\)\)/,
      );
      expect(recorded.kind).toBe("prebuilt");
      expect(recorded.reason).toMatch(/no build passed its proof \(F32: killed by SIGILL\)/);
      return;
    }
    expect(run.stdout).toMatch(/dropped .*killed by SIGILL/);
    const lastDropped = recorded.dropped.at(-1);
    expect(lastDropped?.name).toBe(ladderStep.name);
    expect(lastDropped?.reason).toBe("F32: killed by SIGILL");
    expect(recorded.kind).toBe("openmp");
    expect(recorded.instructionSets).not.toContain(failing.replace(/^GGML_/, ""));
  }, 1_200_000);
});
