/**
 * Maps an OpenAI Responses API response (or the `response` of its final stream event) to a
 * {@link GenerateResult}; the logprobs are parsed by src/wire.
 */
import { z } from "zod";
import type { FinishReason, GenerateResult, ModelWarning, Usage } from "../../core/model.js";
import type { LogprobSequence, Provenance } from "../../core/types.js";
import { fromOpenAIResponsesResponse } from "../../wire/openai-responses.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";

const ResponseStatusSchema = z.looseObject({
  model: z.string().optional(),
  status: z.string().optional(),
  incomplete_details: z.object({ reason: z.string().nullable().optional() }).nullable().optional(),
  usage: z
    .object({ input_tokens: z.number().int().min(0), output_tokens: z.number().int().min(0) })
    .nullable()
    .optional(),
});

/** Finish reason and token counts of a Responses `response` object. */
export function mapOpenAIResponsesStatus(
  value: unknown,
  generatedTokens: number,
  warnings: ModelWarning[],
): { finishReason: FinishReason; usage: Usage; model?: string } {
  const parsed = ResponseStatusSchema.safeParse(value);
  if (!parsed.success)
    return { finishReason: "stop", usage: { promptTokens: 0, completionTokens: generatedTokens } };
  const response = parsed.data;
  const reason =
    response.status === "incomplete" ? (response.incomplete_details?.reason ?? "incomplete") : "stop";
  return {
    finishReason: mapFinishReason(reason, warnings),
    usage: {
      promptTokens: response.usage?.input_tokens ?? 0,
      completionTokens: response.usage?.output_tokens ?? generatedTokens,
    },
    ...(response.model !== undefined ? { model: response.model } : {}),
  };
}

/**
 * @throws {InvalidInputError} naming the JSON path when the response does not match the schema
 */
export function mapOpenAIResponsesResponse(
  value: unknown,
  context: { provenance: Provenance; model: string; warnings: ModelWarning[] },
): GenerateResult {
  const parsed: LogprobSequence = fromOpenAIResponsesResponse(value, { source: context.provenance.source });
  const warnings = [...context.warnings];
  const status = mapOpenAIResponsesStatus(value, parsed.tokens.length, warnings);
  const sequence: LogprobSequence = {
    ...parsed,
    provenance: { ...context.provenance, ...(status.model ? { model: status.model } : {}) },
  };
  return {
    text: sequence.text ?? "",
    sequence,
    finishReason: status.finishReason,
    usage: status.usage,
    warnings,
    model: status.model ?? context.model,
  };
}
