/**
 * vLLM's `prompt_logprobs` extension of legacy completions: one entry per prompt token, `null` for
 * the first, else an object keyed by token id holding the prompt token itself and the top
 * alternatives, each `{logprob, rank, decoded_token}`.
 */
import type { TokenLogprob } from "../../core/types.js";

/** One entry of a vLLM prompt-logprobs position. */
export interface VllmLogprobEntry {
  logprob: number;
  rank: number | null;
  decoded_token: string;
}

/** vLLM's `prompt_logprobs` array for echoed prompt tokens, at most `k` alternatives each. */
export function toVllmPromptLogprobs(
  tokens: readonly TokenLogprob[],
  k: number,
): (Record<string, VllmLogprobEntry> | null)[] {
  return tokens.map((token, position) => {
    if (position === 0 || token.logprob === null) return null;
    const entries: Record<string, VllmLogprobEntry> = {};
    const key = (id: number | undefined, text: string) => (id === undefined ? text : String(id));
    entries[key(token.id, token.token)] = {
      logprob: token.logprob,
      rank: token.rank ?? null,
      decoded_token: token.token,
    };
    token.top.slice(0, k).forEach((alternative, index) => {
      const name = key(alternative.id, alternative.token);
      if (name in entries) return;
      entries[name] = { logprob: alternative.logprob, rank: index + 1, decoded_token: alternative.token };
    });
    return entries;
  });
}
