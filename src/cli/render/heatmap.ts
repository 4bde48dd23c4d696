/**
 * The token heatmap: text whose every token is painted in the colour of its probability (see
 * {@link probabilityBuckets}). Without colour it is the plain text, byte for byte.
 */
import type { TokenLogprob } from "../../core/types.js";
import { paint } from "./color-scale.js";
import type { ColorDepth } from "./color-support.js";

/** Text each token adds, decoding UTF-8 across tokens that hold parts of one character. */
export function tokenTexts(tokens: readonly Pick<TokenLogprob, "token" | "bytes">[]): string[] {
  const decoder = new TextDecoder("utf-8");
  const texts = tokens.map((token) =>
    token.bytes.length > 0 ? decoder.decode(Uint8Array.from(token.bytes), { stream: true }) : token.token,
  );
  const rest = decoder.decode();
  if (rest !== "" && texts.length > 0) texts[texts.length - 1] += rest;
  return texts;
}

/**
 * Makes control characters visible (`\u001b` -> `\x1b`) so that model output cannot send escape
 * codes to the terminal; newlines and tabs are kept.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (character) => {
    const code = character.charCodeAt(0);
    return `\\x${code.toString(16).padStart(2, "0")}`;
  });
}

/**
 * Renders tokens as a heatmap. Cost: O(total text length).
 *
 * Each token's text is painted by `exp(logprob)`; tokens without a logprob are dimmed. Newlines
 * are left unpainted so that colours do not bleed to the end of the terminal line. With depth
 * "none" the result is exactly the decoded text, with no escape codes.
 *
 * @param tokens the tokens, in order
 * @param depth colour depth (see {@link colorDepth})
 */
export function renderHeatmap(
  tokens: readonly Pick<TokenLogprob, "token" | "bytes" | "logprob">[],
  depth: ColorDepth,
): string {
  const texts = tokenTexts(tokens);
  if (depth === "none") return texts.join("");
  return tokens
    .map((token, index) => {
      const probability = token.logprob === null ? null : Math.exp(token.logprob);
      return escapeControlCharacters(texts[index] ?? "")
        .split("\n")
        .map((line) => paint(line, probability, depth))
        .join("\n");
    })
    .join("");
}
