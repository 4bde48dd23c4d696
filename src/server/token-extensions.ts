/**
 * logprobe's documented extension of every dialect's per-token entry: with
 * `"logprobe_extensions": true` in the request, each generated token's entry also carries
 * `entropy` (nats, of the full distribution at that position, when the model computes it) and
 * `rank` (1-based rank of the chosen token in that distribution, when known). Off by default, so
 * that every answer has exactly the dialect's own keys; clients that do not know the two keys
 * ignore them (Ollama's Go structs, llama.cpp's and SGLang's JSON readers, the OpenAI SDKs).
 */
import type { TokenLogprob } from "../core/types.js";
import { booleanField } from "./schemas/field-schemas.js";

/** The request field that turns the extension on. */
export const logprobeExtensionsField = { logprobe_extensions: booleanField().nullable().optional() };

/** `entry` with `entropy` and `rank` of `token` added when `enabled` and known. */
export function withTokenExtensions<Entry extends object>(
  entry: Entry,
  token: TokenLogprob,
  enabled: boolean,
): Entry & { entropy?: number; rank?: number } {
  if (!enabled) return entry;
  return {
    ...entry,
    ...(token.entropy !== undefined ? { entropy: token.entropy } : {}),
    ...(token.rank !== undefined ? { rank: token.rank } : {}),
  };
}
