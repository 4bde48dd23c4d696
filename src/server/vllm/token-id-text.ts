/**
 * vLLM's `return_tokens_as_token_ids: true`: every token string in the logprobs (the chosen token
 * and its alternatives) is written `token_id:<id>`, so that tokens that are not valid UTF-8 on
 * their own stay identifiable; `bytes` are then the UTF-8 of that string, as vLLM writes them
 * (vllm/entrypoints/openai/serving_chat.py and serving_completion.py, `return_as_token_id`).
 */
import type { TokenLogprob, TopAlternative } from "../../core/types.js";
import { utf8Bytes } from "../../wire/token-bytes.js";

function asId<T extends { token: string; bytes?: number[] | null | undefined; id?: number | undefined }>(
  entry: T,
): T {
  if (entry.id === undefined) return entry;
  const token = `token_id:${entry.id}`;
  return { ...entry, token, bytes: utf8Bytes(token) };
}

/** `token` with its own and its alternatives' text replaced by `token_id:<id>` where the id is known. */
export function withTokenIdText(token: TokenLogprob): TokenLogprob {
  return { ...asId(token), top: token.top.map((alternative) => asId<TopAlternative>(alternative)) };
}

/** Applies {@link withTokenIdText} when `enabled`. */
export function tokenIdTextWhen(enabled: boolean): (token: TokenLogprob) => TokenLogprob {
  return enabled ? withTokenIdText : (token) => token;
}
