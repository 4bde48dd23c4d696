/**
 * The body of SGLang's native `POST /generate` (python/sglang/srt/managers/io_struct.py,
 * GenerateReqInput; python/sglang/srt/sampling/sampling_params.py, SamplingParams). One prompt:
 * `text`, or `input_ids`. Unknown top-level fields are ignored (SGLang reads the body into a
 * dataclass); unknown `sampling_params` keys are refused (SamplingParams takes keyword arguments
 * and rejects others). `token_ids_logprob` (logprobs of chosen ids at every position) is refused:
 * this server's models report logprobs only of the chosen token and the top alternatives.
 */
import { z } from "zod";
import { booleanField, integerIn, stopSchema } from "../schemas/field-schemas.js";
import { samplingFields } from "../schemas/sampling-fields.js";
import { logprobeExtensionsField } from "../token-extensions.js";

/** SGLang's default `max_new_tokens`. */
export const SGLANG_DEFAULT_MAX_NEW_TOKENS = 128;

const refused = (allowed: string) => ({ error: `is not supported by this server (allowed: ${allowed})` });

/** Builds the schema; `maxTokensLimit` caps `max_new_tokens`, `maxLogprobs` `top_logprobs_num`. */
export function sglangGenerateSchema(limits: { maxTokensLimit: number; maxLogprobs: number }) {
  return z
    .object({
      text: z.string({ error: "must be a string (one prompt)" }).optional(),
      input_ids: z
        .array(z.number().int().min(0), { error: "must be an array of token ids (one prompt)" })
        .min(1, { error: "must hold at least one token id" })
        .optional(),
      sampling_params: z
        .strictObject({
          ...samplingFields,
          max_new_tokens: integerIn(0, limits.maxTokensLimit).nullable().optional(),
          stop: stopSchema,
          n: z.literal(1, refused("1")).optional(),
        })
        .optional(),
      return_logprob: booleanField().nullable().optional(),
      /** -1 (the default): no prompt tokens; k >= 0: the prompt tokens from position k on. */
      logprob_start_len: integerIn(-1, 2 ** 31 - 1)
        .nullable()
        .optional(),
      top_logprobs_num: integerIn(0, limits.maxLogprobs).nullable().optional(),
      token_ids_logprob: z.array(z.unknown()).max(0, refused("[] or absent")).nullable().optional(),
      return_text_in_logprobs: booleanField().nullable().optional(),
      stream: booleanField().nullable().optional(),
      rid: z.string({ error: "must be a string" }).nullable().optional(),
      ...logprobeExtensionsField,
    })
    .superRefine((value, context) => {
      if ((value.text === undefined) === (value.input_ids === undefined)) {
        context.addIssue({
          code: "custom",
          path: ["text"],
          message: "give exactly one of text or input_ids",
        });
      }
    });
}

/** A validated `/generate` body. */
export type SglangGenerateRequest = z.output<ReturnType<typeof sglangGenerateSchema>>;
