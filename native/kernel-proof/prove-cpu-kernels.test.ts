/**
 * The proof's judgement (prove-cpu-kernels.mjs) and its test-only switch (proof-child.mjs), on
 * made-up decodes. The proof itself, on the addon and the built kernels, is tested in
 * test/engine/kernel-proof.test.ts.
 */
import { describe, expect, it } from "vitest";
import { injectedFailure, PROOF_BATCHES, proofTokens } from "./proof-child.mjs";
import { judgeProof, largestGap, PROOF_TOLERANCE_NATS } from "./prove-cpu-kernels.mjs";

describe("largestGap", () => {
  it("is the largest absolute difference, Infinity for NaN or unequal lengths", () => {
    expect(largestGap([-1, -2, -3], [-1.5, -2, -2.9])).toBeCloseTo(0.5, 12);
    expect(largestGap([-1, Number.NaN], [-1, -2])).toBe(Number.POSITIVE_INFINITY);
    expect(largestGap([-1], [-1, -2])).toBe(Number.POSITIVE_INFINITY);
    expect(largestGap([], [])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("judgeProof", () => {
  const reference = new Map([
    ["F32", { logprobs: [-5, -6, -7] }],
    ["Q8_0", { logprobs: [-5.1, -6.2, -7.3] }],
  ]);

  it("passes when every type agrees within the tolerance", () => {
    const candidate = new Map([
      ["F32", { logprobs: [-5, -6, -7.000001] }],
      ["Q8_0", { logprobs: [-5.13, -6.2, -7.3] }],
    ]);
    const verdict = judgeProof(candidate, reference);
    expect(verdict.passed).toBe(true);
    expect(verdict.types.map((t) => t.gapNats)).toEqual([0.000001, 0.03]);
    expect(verdict.tolerance).toBe(PROOF_TOLERANCE_NATS);
  });

  it("names the first type that died or disagreed", () => {
    const died = judgeProof(
      new Map([
        ["F32", { logprobs: [-5, -6, -7] }],
        ["Q8_0", { failure: "killed by SIGILL" }],
      ]),
      reference,
    );
    expect(died.passed).toBe(false);
    expect(died.failure).toBe("Q8_0: killed by SIGILL");
    const wrong = judgeProof(new Map([["Q8_0", { logprobs: [-5.1, -7.2, -7.3] }]]), reference);
    expect(wrong.failure).toBe(`Q8_0: logprobs differ by 1.00 nats (tolerance ${PROOF_TOLERANCE_NATS})`);
  });

  it("fails a type the reference could not decode", () => {
    const verdict = judgeProof(new Map([["Q6_K", { logprobs: [-1] }]]), reference);
    expect(verdict.failure).toBe("Q6_K: no reference (missing)");
  });
});

describe("the proof's decodes and its test-only switch", () => {
  it("decodes batches that take every matrix-product path (67 = two 32-row blocks + 3; then 1, 2, 3, 5)", () => {
    expect(PROOF_BATCHES).toEqual([67, 1, 2, 3, 5]);
    const tokens = proofTokens(100, 1024);
    expect(Math.min(...tokens)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...tokens)).toBeLessThan(1024);
    expect(new Set(tokens).size).toBeGreaterThan(80);
  });

  it("fails a build only when it has a named option", () => {
    expect(injectedFailure(["GGML_AVX2", "GGML_AMX_TILE"], "GGML_AMX_TILE")).toBe("signal");
    expect(injectedFailure(["GGML_AVX2"], "GGML_AMX_TILE")).toBeUndefined();
    expect(injectedFailure(["GGML_AVX2"], "GGML_AMX_TILE, GGML_AVX2:gap")).toBe("gap");
    expect(injectedFailure(["GGML_AVX2"], "")).toBeUndefined();
  });
});
