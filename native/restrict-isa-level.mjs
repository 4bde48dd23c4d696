// Restricts probed instruction-set decisions (probe-cpu-features.mjs) to one level, so that a
// build on a newer CPU runs only the kernels an older one would get: `restrictToLevel(features,
// "avx2")` keeps ggml's AVX2-level switches (SSE4.2, AVX, AVX2, BMI2, FMA, F16C: x86-64-v3, ggml's
// "haswell" CPU variant) and turns every other one off. The benchmark uses it to measure AVX2
// kernels on an AVX-512 machine (bench/run.ts --isa=avx2).

/** Each level's ggml CMake switches (a level includes the ones below it). */
export const ISA_LEVELS = {
  sse42: ["GGML_SSE42"],
  avx2: ["GGML_SSE42", "GGML_AVX", "GGML_AVX2", "GGML_BMI2", "GGML_FMA", "GGML_F16C"],
};

/** The reason recorded for a switch turned off by `restrictToLevel(features, level)`. */
export function levelReason(level) {
  return `off: ${level.toUpperCase()}-level build (--isa=${level})`;
}

/**
 * The decisions with every switch above `level` off. A switch within the level keeps its decision
 * (one the probe turned off stays off); one above it that was on is turned off with
 * {@link levelReason}; one above it that was already off keeps its own reason.
 *
 * @param {{ option: string, enabled: boolean, reason?: string }[]} features
 * @param {string} level one of the keys of ISA_LEVELS
 * @returns {{ option: string, enabled: boolean, reason?: string }[]}
 */
export function restrictToLevel(features, level) {
  if (!Object.hasOwn(ISA_LEVELS, level))
    throw new Error(`isa level must be one of ${Object.keys(ISA_LEVELS).join(", ")} (got "${level}")`);
  const allowed = ISA_LEVELS[level];
  return features.map((feature) =>
    allowed.includes(feature.option) || !feature.enabled
      ? feature
      : { option: feature.option, enabled: false, reason: levelReason(level) },
  );
}
