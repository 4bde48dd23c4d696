/**
 * Which stop string ended a generation, for dialects that report it (llama.cpp's `stopping_word`,
 * SGLang's `finish_reason.matched`). Models leave a matched stop string out of the result's text
 * but not out of its tokens, so the tokens' text past the result's text starts with it.
 */
import type { GenerateResult } from "../core/model.js";

/** The stop string (one of `stops`) that ended `result`, or undefined. Cost: O(text length). */
export function matchedStopString(result: GenerateResult, stops: readonly string[]): string | undefined {
  if (result.finishReason !== "stop" || stops.length === 0) return undefined;
  const tokensText = result.sequence.tokens.map((token) => token.token).join("");
  const after = tokensText.startsWith(result.text) ? tokensText.slice(result.text.length) : "";
  return stops.find((stop) => after.startsWith(stop));
}
