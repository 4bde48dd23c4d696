/**
 * The token heatmap: text whose every token is painted in the colour of its probability (see
 * {@link probabilityBuckets}). Without colour it is the plain text, byte for byte.
 */
import {
  CharacterSegmenter,
  characterSegments,
  type TextSegment,
} from "../../core/analysis/character-spans.js";
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

function paintSegment(segment: TextSegment, depth: ColorDepth): string {
  const probability = segment.logprob === null ? null : Math.exp(segment.logprob);
  return escapeControlCharacters(segment.text)
    .split("\n")
    .map((line) => paint(line, probability, depth))
    .join("\n");
}

/**
 * Paints one token at a time, for output that streams while the model generates. A character
 * whose UTF-8 bytes are split over tokens (emoji, CJK on byte-level BPE vocabularies) is drawn
 * once, at the token that completes it, in the colour of its own probability: the product of its
 * tokens' probabilities (core's `CharacterSegmenter`), never as U+FFFD pieces.
 *
 * @param depth colour depth (see {@link colorDepth})
 * @returns a function from one token to its painted text (exactly the decoded text for "none")
 */
export function createHeatmapPainter(
  depth: ColorDepth,
): (token: Pick<TokenLogprob, "token" | "bytes" | "logprob">) => string {
  const segmenter = new CharacterSegmenter();
  let index = 0;
  return (token) => {
    const segments = segmenter.push(token, index++);
    if (depth === "none") return segments.map((segment) => segment.text).join("");
    return segments.map((segment) => paintSegment(segment, depth)).join("");
  };
}

/**
 * Renders tokens as a heatmap. Cost: O(total text length).
 *
 * Each token's text is painted by `exp(logprob)`, a character split over tokens once by the
 * product of their probabilities; tokens without a logprob are dimmed. Newlines
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
  return characterSegments(tokens)
    .map((segment) => paintSegment(segment, depth))
    .join("");
}
