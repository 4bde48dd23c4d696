// What the install does when built CPU kernels fail their proof (prove-cpu-kernels.mjs): it
// turns off the instruction sets most likely at fault, one group at a time, rebuilds and proves
// again, until a build passes. AMX goes first (a virtual machine can list it, run it in a
// hand-written probe and still trap ggml's AMX kernels), then AVX-512's extensions, then AVX-512.
// When no build passes, the engine uses node-llama-cpp's prebuilt kernels.

/** The groups of ggml options dropped, in order. */
export const DOWNGRADE_STEPS = [
  { name: "AMX", options: ["GGML_AMX_TILE", "GGML_AMX_INT8", "GGML_AMX_BF16"] },
  { name: "AVX-512 extensions", options: ["GGML_AVX512_VBMI", "GGML_AVX512_VNNI", "GGML_AVX512_BF16"] },
  { name: "AVX-512", options: ["GGML_AVX512"] },
];

/** The ggml options a list of decisions turns on. */
export function enabledOptions(features) {
  return features.filter((feature) => feature.enabled).map((feature) => feature.option);
}

/**
 * The decisions with `step`'s options off, each with the reason `dropped: <why>`; undefined
 * when none of them was on (the step would change nothing).
 */
export function dropStep(features, step, why) {
  if (!features.some((feature) => feature.enabled && step.options.includes(feature.option))) return undefined;
  return features.map((feature) =>
    feature.enabled && step.options.includes(feature.option)
      ? { option: feature.option, enabled: false, reason: `dropped: ${why}` }
      : feature,
  );
}

/**
 * Builds and proves, dropping one step at a time until a build passes. `build(features)` returns
 * the library's path (and may throw: a failed build ends the ladder); `prove(path, features)`
 * returns a proof ({ passed, failure?, types }). Returns the passing build (`path`, `features`,
 * `proof`) or, when none passed, `path` undefined and `reason`; `dropped` lists each step taken
 * with the failure that caused it.
 *
 * @template {{ passed: boolean, failure?: string }} Proof
 * @param {{ features: { option: string, enabled: boolean, reason?: string }[],
 *   build: (features: { option: string, enabled: boolean, reason?: string }[]) => string,
 *   prove: (path: string, features: { option: string, enabled: boolean, reason?: string }[]) => Proof,
 *   log?: (message: string) => void }} options
 */
export function climbDownLadder({ features, build, prove, log = () => {} }) {
  const dropped = [];
  let current = features;
  for (;;) {
    const path = build(current);
    const proof = prove(path, current);
    if (proof.passed) return { path, features: current, proof, dropped };
    log(`proof failed with ${enabledOptions(current).join(", ")}: ${proof.failure}`);
    let next;
    for (const step of DOWNGRADE_STEPS) {
      next = dropStep(current, step, proof.failure ?? "the proof failed");
      if (next !== undefined) {
        dropped.push({
          name: step.name,
          options: step.options.filter((o) => enabledOptions(current).includes(o)),
          reason: proof.failure,
        });
        break;
      }
    }
    if (next === undefined) {
      return {
        path: undefined,
        features: current,
        proof,
        dropped,
        reason: `no build passed its proof (${proof.failure})`,
      };
    }
    current = next;
  }
}
