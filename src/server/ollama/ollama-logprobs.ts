/**
 * Ollama's per-token logprob entries (api/types.go, `Logprob`): `{token, logprob, bytes,
 * top_logprobs}`, where `bytes` and an empty `top_logprobs` are omitted (`omitempty`). The same
 * numbers as the OpenAI chat route's `logprobs.content`.
 */
import type { TokenLogprob } from "../../core/types.js";
import { toOpenAIChatTokenLogprob } from "../../wire/index.js";
import { withChosenLogprob } from "../openai/chosen-token-logprob.js";
import { withTokenExtensions } from "../token-extensions.js";

/** One alternative. */
export interface OllamaTokenLogprob {
  token: string;
  logprob: number;
  bytes?: number[];
}

/** One generated token. */
export interface OllamaLogprob extends OllamaTokenLogprob {
  top_logprobs?: OllamaTokenLogprob[];
}

function omitEmptyBytes(entry: {
  token: string;
  logprob: number;
  bytes: number[] | null;
}): OllamaTokenLogprob {
  return entry.bytes && entry.bytes.length > 0
    ? { token: entry.token, logprob: entry.logprob, bytes: entry.bytes }
    : { token: entry.token, logprob: entry.logprob };
}

/** Ollama's entry for one generated token. Cost: O(k). */
export function toOllamaLogprob(token: TokenLogprob, extensions: boolean): OllamaLogprob {
  const openai = toOpenAIChatTokenLogprob(withChosenLogprob(token));
  const entry: OllamaLogprob = omitEmptyBytes(openai);
  if (openai.top_logprobs.length > 0) entry.top_logprobs = openai.top_logprobs.map(omitEmptyBytes);
  return withTokenExtensions(entry, token, extensions);
}
