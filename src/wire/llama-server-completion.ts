/**
 * llama.cpp server's native `POST /completion` with `n_probs > 0` (parse only). Each entry of
 * `completion_probabilities` is one generated token:
 * - default: `{id, token, bytes, logprob, top_logprobs: [{id, token, bytes, logprob}]}`;
 * - with `post_sampling_probs: true`: `{id, token, bytes, prob, top_probs: [{id, token, bytes, prob}]}`,
 *   linear probabilities of the distribution actually sampled from (after temperature, top-k/p...).
 * Both shapes are in llama.cpp's tools/server/README.md (`completion_probabilities`).
 * - builds before December 2024: `{content, probs: [{tok_str, prob}]}`, probabilities of the
 *   candidates after the sampler chain (so "processed"); the chosen token's probability is the
 *   `probs` entry with its text, unknown when it is not listed.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance, TokenLogprob, TopAlternative } from "../core/types.js";
import { ByteArraySchema, LogprobNumberSchema, ProbabilityNumberSchema } from "./logprob-schema.js";
import { missingLogprobs } from "./response-errors.js";
import { utf8Bytes } from "./token-bytes.js";
import { parseWithSchema } from "./validate.js";

const TokenIdSchema = z.number().int().min(0);

const LogprobAlternativeSchema = z.object({
  id: TokenIdSchema.optional(),
  token: z.string(),
  bytes: ByteArraySchema.optional(),
  logprob: LogprobNumberSchema,
});

const ProbAlternativeSchema = z.object({
  id: TokenIdSchema.optional(),
  token: z.string(),
  bytes: ByteArraySchema.optional(),
  prob: ProbabilityNumberSchema,
});

/** One `completion_probabilities` entry without `post_sampling_probs` (logprobs). */
export const LlamaServerLogprobEntrySchema = LogprobAlternativeSchema.extend({
  top_logprobs: z.array(LogprobAlternativeSchema),
});

/** One `completion_probabilities` entry with `post_sampling_probs: true` (linear probabilities). */
export const LlamaServerProbEntrySchema = ProbAlternativeSchema.extend({
  top_probs: z.array(ProbAlternativeSchema),
});

/** One `completion_probabilities` entry of llama.cpp server builds before December 2024. */
export const LlamaServerLegacyProbEntrySchema = z.object({
  content: z.string(),
  probs: z.array(z.object({ tok_str: z.string(), prob: ProbabilityNumberSchema })),
});

/** The `completion_probabilities` array: every entry of one shape. */
export const LlamaServerCompletionProbabilitiesSchema = z.union([
  z.array(LlamaServerLogprobEntrySchema),
  z.array(LlamaServerProbEntrySchema),
  z.array(LlamaServerLegacyProbEntrySchema),
]);

/** A full `/completion` response (non-streamed) with `completion_probabilities`. */
export const LlamaServerCompletionResponseSchema = z.object({
  content: z.string(),
  model: z.string().optional(),
  completion_probabilities: z.array(z.unknown()),
});

/** One event of a streamed `/completion` (`stream: true`); the last one carries no probabilities. */
export const LlamaServerCompletionEventSchema = z.object({
  content: z.string(),
  model: z.string().optional(),
  completion_probabilities: z.array(z.unknown()).optional(),
});

/** Natural log of a probability; 0 gives -Infinity, which core reads as unknown. */
function logOf(probability: number): number {
  return Math.log(probability);
}

function alternative(
  entry: { id?: number | undefined; token: string; bytes?: number[] | undefined },
  logprob: number,
) {
  const result: TopAlternative = {
    token: entry.token,
    logprob,
    bytes: entry.bytes ?? utf8Bytes(entry.token),
  };
  if (entry.id !== undefined) result.id = entry.id;
  return result;
}

function withId(token: TokenLogprob, id: number | undefined): TokenLogprob {
  if (id !== undefined) token.id = id;
  return token;
}

function logprobTokens(entries: z.output<typeof LlamaServerLogprobEntrySchema>[]): TokenLogprob[] {
  return entries.map((entry) =>
    withId(
      {
        token: entry.token,
        bytes: entry.bytes ?? utf8Bytes(entry.token),
        logprob: entry.logprob,
        top: entry.top_logprobs.map((top) => alternative(top, top.logprob)),
      },
      entry.id,
    ),
  );
}

function postSamplingTokens(entries: z.output<typeof LlamaServerProbEntrySchema>[]): TokenLogprob[] {
  return entries.map((entry) =>
    withId(
      {
        token: entry.token,
        bytes: entry.bytes ?? utf8Bytes(entry.token),
        logprob: logOf(entry.prob),
        top: entry.top_probs.map((top) => alternative(top, logOf(top.prob))),
      },
      entry.id,
    ),
  );
}

function legacyTokens(entries: z.output<typeof LlamaServerLegacyProbEntrySchema>[]): TokenLogprob[] {
  return entries.map((entry) => {
    const own = entry.probs.find((probability) => probability.tok_str === entry.content);
    return {
      token: entry.content,
      bytes: utf8Bytes(entry.content),
      logprob: own ? logOf(own.prob) : null,
      top: entry.probs.map((probability) =>
        alternative({ token: probability.tok_str }, logOf(probability.prob)),
      ),
    };
  });
}

/**
 * Parses a `completion_probabilities` array (any of the three shapes) into a normalised core
 * sequence. Distribution: "top-k" for logprobs, "processed" for `post_sampling_probs` and the
 * legacy shape (probabilities are converted with ln). Throws `InvalidInputError` naming the JSON path. Cost: O(tokens x k log k).
 */
export function fromLlamaServerCompletionProbabilities(
  value: unknown,
  options: { provenance?: Partial<Provenance>; path?: string } = {},
): LogprobSequence {
  const path = options.path ?? "completion_probabilities";
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  const has = (key: string) => typeof first === "object" && first !== null && key in first;
  const shape = has("probs") ? "legacy" : has("prob") ? "post-sampling" : "logprob";
  const tokens =
    shape === "legacy"
      ? legacyTokens(parseWithSchema(z.array(LlamaServerLegacyProbEntrySchema), value, path))
      : shape === "post-sampling"
        ? postSamplingTokens(parseWithSchema(z.array(LlamaServerProbEntrySchema), value, path))
        : logprobTokens(parseWithSchema(z.array(LlamaServerLogprobEntrySchema), value, path));
  const postSampling = shape !== "logprob";
  return normalizeSequence({
    tokens,
    text: tokens.map((token) => token.token).join(""),
    provenance: {
      source: "llama-server",
      distribution: postSampling ? "processed" : "top-k",
      ...options.provenance,
    },
  });
}

/** Parses a full `/completion` response; the sequence text is the response's `content`. */
export function fromLlamaServerCompletionResponse(value: unknown): LogprobSequence {
  const response = parseWithSchema(LlamaServerCompletionResponseSchema, value);
  const provenance: Partial<Provenance> = {};
  if (response.model !== undefined) provenance.model = response.model;
  const sequence = fromLlamaServerCompletionProbabilities(response.completion_probabilities, {
    path: "completion_probabilities",
    provenance,
  });
  return { ...sequence, text: response.content };
}

/**
 * Parses the events of a streamed `/completion` (the JSON of each SSE `data:` line, in order) into
 * one sequence: the tokens of every event's `completion_probabilities`, the concatenated `content`.
 * Errors name `[i].completion_probabilities[j]...`.
 */
export function fromLlamaServerCompletionStream(events: readonly unknown[]): LogprobSequence {
  const tokens: TokenLogprob[] = [];
  let text = "";
  let provenance: Provenance | undefined;
  let model: string | undefined;
  events.forEach((value, index) => {
    const event = parseWithSchema(LlamaServerCompletionEventSchema, value, `[${index}]`);
    text += event.content;
    if (event.model !== undefined) model = event.model;
    if (!event.completion_probabilities || event.completion_probabilities.length === 0) return;
    const part = fromLlamaServerCompletionProbabilities(event.completion_probabilities, {
      path: `[${index}].completion_probabilities`,
    });
    provenance ??= part.provenance;
    tokens.push(...part.tokens);
  });
  if (!provenance) throw missingLogprobs("[].completion_probabilities");
  return { tokens, text, provenance: model === undefined ? provenance : { ...provenance, model } };
}
