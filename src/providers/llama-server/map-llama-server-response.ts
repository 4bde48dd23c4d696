/**
 * Maps llama.cpp server `/completion` responses (whole or streamed chunks) to core: logprobs by
 * src/wire's `fromLlamaServerCompletionProbabilities`, plus text, stop type and token counts.
 */
import { z } from "zod";
import type { FinishReason, GenerateResult, ModelWarning, Usage } from "../../core/model.js";
import type { LogprobSequence, Provenance } from "../../core/types.js";
import { parseWithSchema } from "../../wire/index.js";
import { fromLlamaServerCompletionProbabilities } from "../../wire/llama-server-completion.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";

/** The fields of a `/completion` response or stream chunk that logprobe reads. */
export const LlamaServerChunkSchema = z.object({
  content: z.string(),
  completion_probabilities: z.array(z.unknown()).optional(),
  stop: z.boolean().optional(),
  stop_type: z.string().optional(),
  model: z.string().optional(),
  tokens_evaluated: z.number().int().min(0).optional(),
  tokens_predicted: z.number().int().min(0).optional(),
  truncated: z.boolean().optional(),
});
export type LlamaServerChunk = z.output<typeof LlamaServerChunkSchema>;

/** The tokens of one response or chunk (empty when it carries no probabilities). */
export function llamaServerTokens(
  chunk: LlamaServerChunk,
  provenance: Provenance,
  path: string,
): LogprobSequence {
  const entries = chunk.completion_probabilities ?? [];
  if (entries.length === 0) return { tokens: [], text: "", provenance };
  const parsed = fromLlamaServerCompletionProbabilities(entries, { path, provenance });
  return { ...parsed, provenance: { ...provenance, distribution: parsed.provenance.distribution } };
}

/** Finish reason and usage from the final chunk; `truncated` (prompt cut to fit) adds a warning. */
export function llamaServerStatus(
  chunk: LlamaServerChunk,
  generatedTokens: number,
  warnings: ModelWarning[],
): { finishReason: FinishReason; usage: Usage } {
  if (chunk.truncated) {
    warnings.push({
      code: "truncated",
      field: "prompt",
      message: "llama-server truncated the prompt to fit its context",
    });
  }
  return {
    finishReason: mapFinishReason(chunk.stop_type === "none" ? "stop" : chunk.stop_type, warnings),
    usage: {
      promptTokens: chunk.tokens_evaluated ?? 0,
      completionTokens: chunk.tokens_predicted ?? generatedTokens,
    },
  };
}

/**
 * @throws {InvalidInputError} naming the JSON path when the response does not match the schema
 */
export function mapLlamaServerResponse(
  value: unknown,
  context: { provenance: Provenance; model: string; warnings: ModelWarning[] },
): GenerateResult {
  const chunk = parseWithSchema(LlamaServerChunkSchema, value);
  const sequence = llamaServerTokens(chunk, context.provenance, "completion_probabilities");
  const warnings = [...context.warnings];
  const status = llamaServerStatus(chunk, sequence.tokens.length, warnings);
  return {
    text: chunk.content,
    sequence: { ...sequence, text: chunk.content },
    finishReason: status.finishReason,
    usage: status.usage,
    warnings,
    model: chunk.model ?? context.model,
  };
}
