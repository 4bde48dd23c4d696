/**
 * Maps Gemini `generateContent` responses (whole, or `alt=sse` stream chunks) to core: logprobs by
 * src/wire's `fromGeminiResponse`, plus finish reason and `usageMetadata` token counts.
 */
import { z } from "zod";
import type { FinishReason, GenerateResult, ModelWarning, Usage } from "../../core/model.js";
import type { LogprobSequence, Provenance } from "../../core/types.js";
import { fromGeminiResponse } from "../../wire/gemini.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";

const GeminiStatusSchema = z.looseObject({
  candidates: z.array(z.looseObject({ finishReason: z.string().optional() })).optional(),
  usageMetadata: z
    .looseObject({
      promptTokenCount: z.number().int().min(0).optional(),
      candidatesTokenCount: z.number().int().min(0).optional(),
    })
    .optional(),
  modelVersion: z.string().optional(),
});

/** What a response says about finishing, token counts and the model (absent fields stay absent). */
export function geminiStatus(value: unknown): {
  finishReason?: string;
  usage?: Partial<Usage>;
  model?: string;
} {
  const parsed = GeminiStatusSchema.safeParse(value);
  if (!parsed.success) return {};
  const data = parsed.data;
  const finishReason = data.candidates?.[0]?.finishReason;
  const usage: Partial<Usage> = {};
  if (data.usageMetadata?.promptTokenCount !== undefined)
    usage.promptTokens = data.usageMetadata.promptTokenCount;
  if (data.usageMetadata?.candidatesTokenCount !== undefined) {
    usage.completionTokens = data.usageMetadata.candidatesTokenCount;
  }
  return {
    ...(finishReason !== undefined ? { finishReason } : {}),
    ...(data.usageMetadata ? { usage } : {}),
    ...(data.modelVersion !== undefined ? { model: data.modelVersion } : {}),
  };
}

/** True when the response's first candidate carries a `logprobsResult` (stream chunks may not). */
export function hasGeminiLogprobs(value: unknown): boolean {
  const candidates = (value as { candidates?: unknown } | null)?.candidates;
  if (!Array.isArray(candidates)) return false;
  const first = candidates[0] as { logprobsResult?: unknown };
  return first?.logprobsResult !== undefined;
}

/** The text of a response's first candidate (all its parts), "" when it has none. */
export function geminiText(value: unknown): string {
  const candidates = (value as { candidates?: unknown } | null)?.candidates;
  if (!Array.isArray(candidates)) return "";
  const parts = (candidates[0] as { content?: { parts?: unknown } } | undefined)?.content?.parts;
  if (!Array.isArray(parts)) return "";
  return parts
    .map((part) =>
      typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "",
    )
    .join("");
}

/** The tokens of one response or chunk, stamped with `provenance`. */
export function geminiTokens(value: unknown, provenance: Provenance): LogprobSequence {
  const parsed = fromGeminiResponse(value);
  return {
    ...parsed,
    provenance: { ...provenance, ...(parsed.provenance.model ? { model: parsed.provenance.model } : {}) },
  };
}

/** Core finish reason from Gemini's (`STOP`, `MAX_TOKENS`, `SAFETY`...). */
export function geminiFinishReason(reason: string | undefined, warnings: ModelWarning[]): FinishReason {
  return mapFinishReason(reason, warnings);
}

/**
 * @throws {InvalidInputError} naming the JSON path when the response does not match the schema or
 *   carries no `logprobsResult`
 */
export function mapGeminiResponse(
  value: unknown,
  context: { provenance: Provenance; model: string; warnings: ModelWarning[] },
): GenerateResult {
  const sequence = geminiTokens(value, context.provenance);
  const status = geminiStatus(value);
  const warnings = [...context.warnings];
  return {
    text: sequence.text ?? "",
    sequence,
    finishReason: geminiFinishReason(status.finishReason, warnings),
    usage: {
      promptTokens: status.usage?.promptTokens ?? 0,
      completionTokens: status.usage?.completionTokens ?? sequence.tokens.length,
    },
    warnings,
    model: status.model ?? context.model,
  };
}
