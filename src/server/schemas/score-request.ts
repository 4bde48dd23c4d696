/** Bodies of `POST /v1/score`, `POST /tokenize` and `POST /detokenize`. */
import { z } from "zod";
import { MAX_LOGPROBS } from "./completions-request.js";
import { integerIn, nonEmptyString } from "./field-schemas.js";
import { MAX_TOKEN_ID } from "./generate-request.js";

/** `/v1/score`: the text to score and how many alternatives to return per token. */
export const scoreRequestSchema = z.object({
  model: nonEmptyString().optional(),
  input: nonEmptyString(),
  top_logprobs: integerIn(0, MAX_LOGPROBS).nullable().optional(),
  window_size: integerIn(2, 1_048_576).nullable().optional(),
  stride: integerIn(1, 1_048_576).nullable().optional(),
});

/** A validated score request. */
export type ScoreBody = z.output<typeof scoreRequestSchema>;

/**
 * `/tokenize`: the text under `prompt` (vLLM, lm-evaluation-harness), `content` (llama.cpp) or
 * `text`; exactly one.
 */
export const tokenizeRequestSchema = z
  .object({
    model: nonEmptyString().optional(),
    prompt: z.string({ error: "must be a string" }).optional(),
    content: z.string({ error: "must be a string" }).optional(),
    text: z.string({ error: "must be a string" }).optional(),
    /** llama.cpp: answer `{id, piece}` per token instead of bare ids. */
    with_pieces: z.boolean({ error: "must be true or false" }).optional(),
  })
  .superRefine((value, context) => {
    const given = [value.prompt, value.content, value.text].filter((field) => field !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: "custom",
        path: ["prompt"],
        message: "give the text in exactly one of prompt, content or text",
      });
    }
  })
  .transform((value) => ({
    model: value.model,
    text: value.prompt ?? value.content ?? value.text ?? "",
    withPieces: value.with_pieces === true,
  }));

/** `/detokenize`: token ids. */
export const detokenizeRequestSchema = z.object({
  model: nonEmptyString().optional(),
  tokens: z.array(integerIn(0, MAX_TOKEN_ID), { error: "must be an array of token ids (integers >= 0)" }),
});
