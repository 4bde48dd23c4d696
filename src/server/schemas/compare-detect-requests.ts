/** Bodies of `POST /v1/compare` and `POST /v1/detect` (extension routes). */
import { z } from "zod";
import { MAX_LOGPROBS } from "./completions-request.js";
import { integerIn, nonEmptyString, numberAboveUpTo } from "./field-schemas.js";

/** `/v1/compare`: two served models (default: the first one) on the same text. */
export const compareRequestSchema = z.object({
  base: nonEmptyString().optional(),
  model: nonEmptyString().optional(),
  input: nonEmptyString(),
  top_logprobs: integerIn(1, MAX_LOGPROBS).nullable().optional(),
  window_size: integerIn(2, 1_048_576).nullable().optional(),
  stride: integerIn(1, 1_048_576).nullable().optional(),
  windowing: z
    .enum(["sliding", "llama-perplexity"], { error: 'must be "sliding" or "llama-perplexity"' })
    .optional(),
});

/** A validated compare request. */
export type CompareBody = z.output<typeof compareRequestSchema>;

/** `/v1/detect`: observer and performer (served models; default: the first one) on a text. */
export const detectRequestSchema = z.object({
  observer: nonEmptyString().optional(),
  performer: nonEmptyString().optional(),
  input: nonEmptyString(),
  k: numberAboveUpTo(0, 100).nullable().optional(),
  window_size: integerIn(2, 1_048_576).nullable().optional(),
  stride: integerIn(1, 1_048_576).nullable().optional(),
});

/** A validated detect request. */
export type DetectBody = z.output<typeof detectRequestSchema>;
