/**
 * The install's downgrade ladder (downgrade-ladder.mjs) with a fake build and a fake proof: a
 * proof that fails while AMX is built in (as on the Intel Xeon VM, where ggml's AMX kernels die
 * with SIGILL), one that fails on every AVX-512 build, and one that never passes.
 */
import { describe, expect, it } from "vitest";
import type { CpuFeatureDecision } from "../build-cpu-backend.mjs";
import { climbDownLadder, DOWNGRADE_STEPS, dropStep, enabledOptions } from "./downgrade-ladder.mjs";

const ALL_ON: CpuFeatureDecision[] = [
  "GGML_SSE42",
  "GGML_AVX2",
  "GGML_AVX512",
  "GGML_AVX512_VNNI",
  "GGML_AVX512_BF16",
  "GGML_AMX_TILE",
  "GGML_AMX_INT8",
].map((option) => ({ option, enabled: true }));

/** A ladder whose proof fails while any of `bad` is built in; records every build. */
function climb(features: CpuFeatureDecision[], bad: string[]) {
  const builds: string[][] = [];
  const result = climbDownLadder({
    features,
    build: (decisions) => {
      builds.push(enabledOptions(decisions));
      return `/build/${builds.length}`;
    },
    prove: (_path, decisions) => {
      const hit = enabledOptions(decisions).find((option) => bad.includes(option));
      return hit ? { passed: false, failure: `Q8_0: killed by SIGILL (${hit})` } : { passed: true };
    },
  });
  return { result, builds };
}

describe("climbDownLadder", () => {
  it("keeps the first build when its proof passes", () => {
    const { result, builds } = climb(ALL_ON, []);
    expect(builds).toHaveLength(1);
    expect(result.path).toBe("/build/1");
    expect(result.dropped).toEqual([]);
  });

  it("drops AMX first, with the failure as the reason, and keeps AVX-512", () => {
    const { result, builds } = climb(ALL_ON, ["GGML_AMX_INT8"]);
    expect(builds).toHaveLength(2);
    expect(result.path).toBe("/build/2");
    expect(enabledOptions(result.features)).toEqual([
      "GGML_SSE42",
      "GGML_AVX2",
      "GGML_AVX512",
      "GGML_AVX512_VNNI",
      "GGML_AVX512_BF16",
    ]);
    expect(result.dropped).toEqual([
      {
        name: "AMX",
        options: ["GGML_AMX_TILE", "GGML_AMX_INT8"],
        reason: "Q8_0: killed by SIGILL (GGML_AMX_INT8)",
      },
    ]);
    const tile = result.features.find((f) => f.option === "GGML_AMX_TILE");
    expect(tile).toEqual({
      option: "GGML_AMX_TILE",
      enabled: false,
      reason: "dropped: Q8_0: killed by SIGILL (GGML_AMX_INT8)",
    });
  });

  it("goes down to AVX2 when AVX-512 itself fails, one step per build", () => {
    const { result, builds } = climb(ALL_ON, ["GGML_AVX512"]);
    expect(builds.map((b) => b.length)).toEqual([7, 5, 3, 2]);
    expect(result.dropped.map((step) => step.name)).toEqual(["AMX", "AVX-512 extensions", "AVX-512"]);
    expect(enabledOptions(result.features)).toEqual(["GGML_SSE42", "GGML_AVX2"]);
  });

  it("ends without a build (prebuilt kernels) when no step is left", () => {
    const { result, builds } = climb(ALL_ON, ["GGML_AVX2"]);
    expect(builds).toHaveLength(4);
    expect(result.path).toBeUndefined();
    expect(result.reason).toMatch(/^no build passed its proof \(Q8_0: killed by SIGILL/);
  });

  it("skips steps with nothing to drop (an AVX2-only machine: no rebuild at all)", () => {
    const avx2Only = ALL_ON.map((f) =>
      f.option.includes("512") || f.option.includes("AMX") ? { ...f, enabled: false } : f,
    );
    const { result, builds } = climb(avx2Only, ["GGML_AVX2"]);
    expect(builds).toHaveLength(1);
    expect(result.path).toBeUndefined();
    expect(result.dropped).toEqual([]);
  });

  it("has AMX, then AVX-512's extensions, then AVX-512 as its steps", () => {
    expect(DOWNGRADE_STEPS.map((step) => step.name)).toEqual(["AMX", "AVX-512 extensions", "AVX-512"]);
    expect(dropStep(ALL_ON.slice(0, 2), DOWNGRADE_STEPS[0]!, "x")).toBeUndefined();
  });
});
