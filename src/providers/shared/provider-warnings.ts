/**
 * Warnings for options a backend cannot honour. A provider returns them with its result instead of
 * failing, so the same request works everywhere and the caller sees what was dropped.
 */
import type { ModelWarning } from "../../core/model.js";
import type { SamplingSettings } from "../../core/types.js";

/** A warning that `field` was ignored, and why. */
export function unsupportedOption(field: string, message: string): ModelWarning {
  return { code: "unsupported-option", field, message };
}

/**
 * The top-k a provider can send: `requested` limited to `max`, with a warning when it was cut.
 *
 * @param requested top alternatives asked for (default 0)
 * @param max the backend's largest top-k
 * @param provider provider name for the message
 */
export function limitTopLogprobs(
  requested: number | undefined,
  max: number,
  provider: string,
  warnings: ModelWarning[],
): number {
  const wanted = requested ?? 0;
  if (wanted <= max) return wanted;
  warnings.push(
    unsupportedOption(
      "topLogprobs",
      `${provider} returns at most ${max} top alternatives; asked for ${wanted}, sending ${max}`,
    ),
  );
  return max;
}

/**
 * Warns about each sampling setting that is set (and not at its "disabled" value) but not in
 * `supported`.
 */
export function warnUnsupportedSampling(
  sampling: SamplingSettings | undefined,
  supported: readonly (keyof SamplingSettings)[],
  provider: string,
  warnings: ModelWarning[],
): void {
  if (!sampling) return;
  const disabled: Partial<Record<keyof SamplingSettings, number>> = {
    topK: 0,
    topP: 1,
    minP: 0,
    typicalP: 1,
    repeatPenalty: 1,
  };
  for (const key of Object.keys(sampling) as (keyof SamplingSettings)[]) {
    const value = sampling[key];
    if (value === undefined || supported.includes(key) || disabled[key] === value) continue;
    warnings.push(unsupportedOption(`sampling.${key}`, `${provider} has no ${key} setting; it was not sent`));
  }
}
