/**
 * Restricting probed instruction sets to a level (restrict-isa-level.mjs), as the benchmark's
 * `--isa=avx2` builds both sides: decisions of a machine that runs everything up to AVX-512 and
 * lacks AMX (the AMD EPYC of BENCHMARKS.md).
 */
import { describe, expect, it } from "vitest";
import type { CpuFeatureDecision } from "./build-cpu-backend.mjs";
import { featureSwitches, X86_FEATURES } from "./probe-cpu-features.mjs";
import { ISA_LEVELS, levelReason, restrictToLevel } from "./restrict-isa-level.mjs";

const AVX2_LEVEL = ["GGML_SSE42", "GGML_AVX", "GGML_AVX2", "GGML_BMI2", "GGML_FMA", "GGML_F16C"];

/** Every switch proven, but AMX, which /proc/cpuinfo does not list. */
function epycDecisions(): CpuFeatureDecision[] {
  return X86_FEATURES.map(({ option }) =>
    option.startsWith("GGML_AMX")
      ? { option, enabled: false, reason: `not in /proc/cpuinfo (${option.slice(5).toLowerCase()})` }
      : { option, enabled: true },
  );
}

describe("restrictToLevel", () => {
  it("keeps the AVX2-level switches and turns AVX-512 and AVX-VNNI off with the level's reason", () => {
    const restricted = restrictToLevel(epycDecisions(), "avx2");
    expect(restricted.filter((d) => d.enabled).map((d) => d.option)).toEqual(AVX2_LEVEL);
    for (const option of [
      "GGML_AVX_VNNI",
      "GGML_AVX512",
      "GGML_AVX512_VBMI",
      "GGML_AVX512_VNNI",
      "GGML_AVX512_BF16",
    ]) {
      expect(restricted.find((d) => d.option === option)).toEqual({
        option,
        enabled: false,
        reason: "off: AVX2-level build (--isa=avx2)",
      });
    }
    expect(featureSwitches(restricted)).toContain("-DGGML_AVX512=OFF");
    expect(featureSwitches(restricted)).toContain("-DGGML_FMA=ON");
  });

  it("keeps the order and every switch, so that the CMake switches name them all", () => {
    const restricted = restrictToLevel(epycDecisions(), "avx2");
    expect(restricted.map((d) => d.option)).toEqual(X86_FEATURES.map((f) => f.option));
  });

  it("keeps the reason of a switch that was already off, and never turns one on", () => {
    const decisions = epycDecisions().map((d) =>
      d.option === "GGML_BMI2"
        ? { option: d.option, enabled: false, reason: "listed, but the probe failed" }
        : d,
    );
    const restricted = restrictToLevel(decisions, "avx2");
    expect(restricted.find((d) => d.option === "GGML_BMI2")).toEqual({
      option: "GGML_BMI2",
      enabled: false,
      reason: "listed, but the probe failed",
    });
    expect(restricted.find((d) => d.option === "GGML_AMX_TILE")?.reason).toBe(
      "not in /proc/cpuinfo (amx_tile)",
    );
  });

  it("has lower levels inside higher ones", () => {
    expect(ISA_LEVELS.avx2).toEqual(expect.arrayContaining(ISA_LEVELS.sse42!));
    expect(restrictToLevel(epycDecisions(), "sse42").filter((d) => d.enabled)).toEqual([
      { option: "GGML_SSE42", enabled: true },
    ]);
    expect(levelReason("sse42")).toBe("off: SSE42-level build (--isa=sse42)");
  });

  it("names the levels when given an unknown one", () => {
    expect(() => restrictToLevel(epycDecisions(), "avx10")).toThrow(
      'isa level must be one of sse42, avx2 (got "avx10")',
    );
    expect(() => restrictToLevel(epycDecisions(), "toString")).toThrow(/isa level must be one of/);
  });
});
