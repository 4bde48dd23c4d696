/**
 * Maps Ollama's `/api/generate` and `/api/chat` responses (whole, or NDJSON stream lines) to core.
 * Each carries `logprobs: [{token, logprob, bytes, top_logprobs: [...]}]`, the entry shape shared
 * with OpenAI chat, parsed with src/wire's schema.
 */
import { z } from "zod";
import { normalizeSequence } from "../../core/analysis/normalize-sequence.js";
import { InvalidInputError } from "../../core/errors.js";
import type { FinishReason, GenerateResult, ModelWarning, Usage } from "../../core/model.js";
import type { LogprobSequence, Provenance } from "../../core/types.js";
import { entriesToTokens, parseWithSchema, TokenLogprobEntrySchema } from "../../wire/index.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";

/** One Ollama response or stream line (the fields logprobe reads). */
export const OllamaChunkSchema = z.object({
  model: z.string().optional(),
  response: z.string().optional(),
  message: z.object({ role: z.string(), content: z.string() }).optional(),
  done: z.boolean(),
  done_reason: z.string().optional(),
  prompt_eval_count: z.number().int().min(0).optional(),
  eval_count: z.number().int().min(0).optional(),
  logprobs: z.array(TokenLogprobEntrySchema).nullable().optional(),
});
export type OllamaChunk = z.output<typeof OllamaChunkSchema>;

/** The text a chunk adds (`response` for generate, `message.content` for chat). */
export function ollamaText(chunk: OllamaChunk): string {
  return chunk.response ?? chunk.message?.content ?? "";
}

/** The tokens of one chunk. */
export function ollamaTokens(chunk: OllamaChunk, provenance: Provenance): LogprobSequence {
  const tokens = entriesToTokens(chunk.logprobs ?? []);
  return normalizeSequence({ tokens, text: ollamaText(chunk), provenance });
}

/** Finish reason and usage of the final (`done: true`) chunk. */
export function ollamaStatus(
  chunk: OllamaChunk,
  generatedTokens: number,
  warnings: ModelWarning[],
): { finishReason: FinishReason; usage: Usage } {
  return {
    finishReason: mapFinishReason(chunk.done_reason, warnings),
    usage: {
      promptTokens: chunk.prompt_eval_count ?? 0,
      completionTokens: chunk.eval_count ?? generatedTokens,
    },
  };
}

/**
 * @throws {InvalidInputError} naming the JSON path when the response does not match the schema
 */
export function mapOllamaResponse(
  value: unknown,
  context: { provenance: Provenance; model: string; warnings: ModelWarning[] },
): GenerateResult {
  const chunk = parseWithSchema(OllamaChunkSchema, value);
  if ((chunk.logprobs === undefined || chunk.logprobs === null) && ollamaText(chunk) !== "") {
    throw new InvalidInputError(
      "logprobs",
      "is missing: this Ollama server does not return logprobs (needs a version with logprobs support)",
    );
  }
  const provenance = { ...context.provenance, ...(chunk.model ? { model: chunk.model } : {}) };
  const sequence = ollamaTokens(chunk, provenance);
  const warnings = [...context.warnings];
  const status = ollamaStatus(chunk, sequence.tokens.length, warnings);
  return {
    text: ollamaText(chunk),
    sequence,
    ...status,
    warnings,
    model: chunk.model ?? context.model,
  };
}
