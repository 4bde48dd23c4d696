/**
 * llama.cpp server's OpenAI-compatible `POST /v1/completions` with `logprobs` (parse only). Unlike
 * OpenAI's legacy arrays, llama-server answers with the chat-style `choices[].logprobs.content[]`
 * entries `{id, token, bytes, logprob, top_logprobs}` (measured: shared/notes/peers.md).
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance } from "../core/types.js";
import { invalidChoice, missingLogprobs } from "./response-errors.js";
import { entriesToTokens, TokenLogprobEntrySchema } from "./token-entry.js";
import { parseWithSchema } from "./validate.js";

/** A full llama-server `/v1/completions` response whose logprobs use the chat-style shape. */
export const LlamaServerOpenAICompletionResponseSchema = z.object({
  id: z.string().optional(),
  object: z.literal("text_completion"),
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        text: z.string(),
        index: z.number().int().min(0),
        logprobs: z
          .object({ content: z.array(TokenLogprobEntrySchema) })
          .nullable()
          .optional(),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1, { error: "needs at least one choice" }),
});

/**
 * Parses a llama-server `/v1/completions` response (default choice 0) into a normalised sequence
 * (source "llama-server", distribution "top-k"). Throws `InvalidInputError` naming the JSON path.
 */
export function fromLlamaServerOpenAICompletionResponse(
  value: unknown,
  options: { choice?: number } = {},
): LogprobSequence {
  const response = parseWithSchema(LlamaServerOpenAICompletionResponseSchema, value);
  const choiceIndex = options.choice ?? 0;
  const choice = response.choices[choiceIndex];
  if (!choice) throw invalidChoice(choiceIndex, response.choices.length);
  if (!choice.logprobs) throw missingLogprobs(`choices[${choiceIndex}].logprobs`);
  const provenance: Provenance = { source: "llama-server", distribution: "top-k" };
  if (response.model !== undefined) provenance.model = response.model;
  return normalizeSequence({
    tokens: entriesToTokens(choice.logprobs.content),
    text: choice.text,
    provenance,
  });
}
