/** The sampling fields shared by every generating route, and their mapping to core settings. */
import { z } from "zod";
import type { SamplingSettings } from "../../core/types.js";
import { integerIn, numberAboveUpTo, numberIn } from "./field-schemas.js";

/** Largest `top_k` accepted (larger than any vocabulary in use). */
export const MAX_TOP_K = 1_000_000;

/** zod fields: `temperature`, `top_p`, `top_k`, `min_p`, `typical_p`, `seed`. */
export const samplingFields = {
  temperature: numberIn(0, 2).nullable().optional(),
  top_p: numberAboveUpTo(0, 1).nullable().optional(),
  /** vLLM's convention: -1 (or 0) disables top-k. */
  top_k: integerIn(-1, MAX_TOP_K).nullable().optional(),
  min_p: numberIn(0, 1).nullable().optional(),
  typical_p: numberAboveUpTo(0, 1).nullable().optional(),
  seed: integerIn(0, 2 ** 32 - 1)
    .nullable()
    .optional(),
};

const samplingObject = z.object(samplingFields);
type SamplingFields = z.output<typeof samplingObject>;

/**
 * Core sampling settings from the request fields. `defaultTemperature` applies when the request
 * sets none (OpenAI's endpoints default to 1). `seedOffset` gives choice `j` of `n` the seed
 * `seed + j`, so the choices differ. A seeded request repeats exactly only when its decodes are
 * not shared with other requests: with `serve --parallel 1`, or when it is the only request
 * generating; otherwise a sampled token can differ (see `SamplingSettings.seed`).
 */
export function toSamplingSettings(
  fields: SamplingFields,
  defaultTemperature: number,
  seedOffset = 0,
): SamplingSettings {
  const settings: SamplingSettings = { temperature: fields.temperature ?? defaultTemperature };
  if (fields.top_p != null) settings.topP = fields.top_p;
  if (fields.top_k != null) settings.topK = Math.max(0, fields.top_k);
  if (fields.min_p != null) settings.minP = fields.min_p;
  if (fields.typical_p != null) settings.typicalP = fields.typical_p;
  if (fields.seed != null) settings.seed = (fields.seed + seedOffset) % 2 ** 32;
  return settings;
}
