/**
 * llama.cpp's `completion_probabilities` entries, as `probs_vector_to_json` and
 * `completion_token_output::to_json` write them (tools/server/server-task.cpp):
 * `{id, token, bytes, logprob, top_logprobs: [{id, token, bytes, logprob}]}`, or with
 * `post_sampling_probs` `{id, token, bytes, prob, top_probs: [{id, token, bytes, prob}]}`.
 * The parser in src/wire/llama-server-completion.ts reads both back.
 */
import type { TokenLogprob, TopAlternative } from "../../core/types.js";
import { withChosenLogprob } from "../openai/chosen-token-logprob.js";
import { withTokenExtensions } from "../token-extensions.js";

/** One alternative (logprob or prob). */
export type LlamaCppAlternative =
  | { id?: number; token: string; bytes: number[]; logprob: number }
  | { id?: number; token: string; bytes: number[]; prob: number };

/** One token entry. */
export type LlamaCppProbabilityEntry = Record<string, unknown>;

function value(logprob: number, postSampling: boolean): { logprob: number } | { prob: number } {
  return postSampling ? { prob: Math.exp(logprob) } : { logprob };
}

function alternative(entry: TopAlternative, postSampling: boolean): LlamaCppAlternative {
  return {
    ...(entry.id !== undefined ? { id: entry.id } : {}),
    token: entry.token,
    bytes: entry.bytes ?? [],
    ...value(entry.logprob, postSampling),
  } as LlamaCppAlternative;
}

/**
 * The entry of one token with at most `k` alternatives; null when the token has no logprob (the
 * first prompt token, which nothing conditions). Cost: O(k).
 */
export function toLlamaCppProbability(
  token: TokenLogprob,
  options: { k: number; postSampling: boolean; extensions: boolean },
): LlamaCppProbabilityEntry | null {
  if (token.logprob === null) return null;
  const chosen = withChosenLogprob(token, options.k);
  const entry = {
    ...(token.id !== undefined ? { id: token.id } : {}),
    token: token.token,
    bytes: token.bytes,
    ...value(token.logprob, options.postSampling),
    [options.postSampling ? "top_probs" : "top_logprobs"]: chosen.top.map((top) =>
      alternative(top, options.postSampling),
    ),
  };
  return withTokenExtensions(entry, token, options.extensions);
}

/** Entries of every token that has a logprob, in order. Cost: O(tokens x k). */
export function toLlamaCppProbabilities(
  tokens: readonly TokenLogprob[],
  options: { k: number; postSampling: boolean; extensions: boolean },
): LlamaCppProbabilityEntry[] {
  const entries: LlamaCppProbabilityEntry[] = [];
  for (const token of tokens) {
    const entry = toLlamaCppProbability(token, options);
    if (entry) entries.push(entry);
  }
  return entries;
}
