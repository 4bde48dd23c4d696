/**
 * Gemini API `generateContent` with `responseLogprobs: true` and `logprobs: n` (parse only): each
 * candidate's `logprobsResult` has `chosenCandidates[i]` `{token, tokenId, logProbability}` (the
 * token generated at step i) and `topCandidates[i].candidates[]` (the top n at step i, most probable
 * first). The chosen token may be absent from the top list. A candidate without `logProbability`
 * has an unknown logprob. Streamed answers (a list of responses) are accumulated in order.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import { InvalidInputError } from "../core/errors.js";
import type { LogprobSequence, Provenance, TokenLogprob, TopAlternative } from "../core/types.js";
import { LogprobNumberSchema } from "./logprob-schema.js";
import { invalidChoice, missingLogprobs } from "./response-errors.js";
import { utf8Bytes } from "./token-bytes.js";
import { parseWithSchema } from "./validate.js";

/** One `{token, tokenId, logProbability}` candidate. */
export const GeminiLogprobsCandidateSchema = z.object({
  token: z.string().optional(),
  tokenId: z.number().int().min(0).optional(),
  logProbability: LogprobNumberSchema.optional(),
});

/** A candidate's `logprobsResult`. */
export const GeminiLogprobsResultSchema = z.object({
  topCandidates: z
    .array(z.object({ candidates: z.array(GeminiLogprobsCandidateSchema).optional() }))
    .optional(),
  chosenCandidates: z.array(GeminiLogprobsCandidateSchema),
  logProbabilitySum: z.number().optional(),
});

/** A `generateContent` response (one element of a streamed answer). */
export const GeminiResponseSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({ parts: z.array(z.looseObject({ text: z.string().optional() })).optional() })
          .optional(),
        logprobsResult: GeminiLogprobsResultSchema.optional(),
        avgLogprobs: z.number().optional(),
        index: z.number().int().min(0).optional(),
      }),
    )
    .min(1, { error: "needs at least one candidate" }),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
});
export type GeminiResponse = z.output<typeof GeminiResponseSchema>;

type Candidate = z.output<typeof GeminiLogprobsCandidateSchema>;

function alternativeOf(candidate: Candidate): TopAlternative | undefined {
  if (candidate.logProbability === undefined) return undefined;
  const token = candidate.token ?? "";
  const alternative: TopAlternative = { token, logprob: candidate.logProbability, bytes: utf8Bytes(token) };
  if (candidate.tokenId !== undefined) alternative.id = candidate.tokenId;
  return alternative;
}

/** Raw core tokens of a validated `logprobsResult`; `path` names it in errors. */
export function geminiResultTokens(
  result: z.output<typeof GeminiLogprobsResultSchema>,
  path: string,
): TokenLogprob[] {
  const top = result.topCandidates;
  if (top && top.length !== result.chosenCandidates.length) {
    throw new InvalidInputError(
      `${path}.topCandidates`,
      `has ${top.length} steps but chosenCandidates has ${result.chosenCandidates.length}`,
      "one entry per decoding step in both lists",
    );
  }
  return result.chosenCandidates.map((chosen, step) => {
    const text = chosen.token ?? "";
    const token: TokenLogprob = {
      token: text,
      bytes: utf8Bytes(text),
      logprob: chosen.logProbability ?? null,
      top: (top?.[step]?.candidates ?? []).flatMap((candidate) => alternativeOf(candidate) ?? []),
    };
    if (chosen.tokenId !== undefined) token.id = chosen.tokenId;
    return token;
  });
}

/**
 * Parses a Gemini response, a list of streamed responses, or a bare `logprobsResult` into a
 * normalised sequence (source "gemini", distribution "top-k"). Follows candidate `candidate`
 * (default 0). Throws `InvalidInputError` naming the JSON path.
 */
export function fromGeminiResponse(value: unknown, options: { candidate?: number } = {}): LogprobSequence {
  const provenance: Provenance = { source: "gemini", distribution: "top-k" };
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "chosenCandidates" in value) {
    const result = parseWithSchema(GeminiLogprobsResultSchema, value);
    const tokens = geminiResultTokens(result, "(root)");
    return normalizeSequence({ tokens, text: tokens.map((token) => token.token).join(""), provenance });
  }
  const list = Array.isArray(value);
  const responses = list
    ? parseWithSchema(z.array(GeminiResponseSchema).min(1, { error: "needs at least one response" }), value)
    : [parseWithSchema(GeminiResponseSchema, value)];
  const index = options.candidate ?? 0;
  const tokens: TokenLogprob[] = [];
  let text = "";
  let found = false;
  responses.forEach((response, responseIndex) => {
    const candidate = response.candidates[index];
    if (!candidate) throw invalidChoice(index, response.candidates.length);
    for (const part of candidate.content?.parts ?? []) text += part.text ?? "";
    if (!candidate.logprobsResult) return;
    found = true;
    const path = `${list ? `[${responseIndex}].` : ""}candidates[${index}].logprobsResult`;
    tokens.push(...geminiResultTokens(candidate.logprobsResult, path));
    if (response.modelVersion !== undefined) provenance.model = response.modelVersion;
  });
  if (!found) throw missingLogprobs(`candidates[${index}].logprobsResult`);
  return normalizeSequence({ tokens, text, provenance });
}
