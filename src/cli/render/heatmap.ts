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
 * Paints one token at a time, for output that streams while the model generates. Keeps a UTF-8
 * decoder across tokens, so a character split over tokens appears at the token that completes it.
 *
 * @param depth colour depth (see {@link colorDepth})
 * @returns a function from one token to its painted text (exactly the decoded text for "none")
 */
export function createHeatmapPainter(
  depth: ColorDepth,
): (token: Pick<TokenLogprob, "token" | "bytes" | "logprob">) => string {
  const decoder = new TextDecoder("utf-8");
  return (token) => {
    const text =
      token.bytes.length > 0 ? decoder.decode(Uint8Array.from(token.bytes), { stream: true }) : token.token;
    if (depth === "none") return text;
    const probability = token.logprob === null ? null : Math.exp(token.logprob);
    return escapeControlCharacters(text)
      .split("\n")
      .map((line) => paint(line, probability, depth))
      .join("\n");
  };
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
  if (depth === "none") return tokenTexts(tokens).join("");
  const paintToken = createHeatmapPainter(depth);
  return tokens.map(paintToken).join("");
}
