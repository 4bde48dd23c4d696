/**
 * Splits the tokens of an echoed completion (prompt tokens followed by generated ones) into the
 * prompt part and the generated part.
 */
import type { LogprobSequence, TokenLogprob } from "../../core/types.js";

/**
 * Number of leading tokens that belong to a prompt of `promptLength` UTF-16 code units: by each
 * token's `textOffset` when present (offset < prompt length), else by accumulated token text
 * length. Cost: O(tokens).
 */
export function countPromptTokens(tokens: readonly TokenLogprob[], promptLength: number): number {
  let count = 0;
  let covered = 0;
  for (const token of tokens) {
    const start = token.textOffset ?? covered;
    if (start >= promptLength) break;
    covered = start + token.token.length;
    count++;
  }
  return count;
}

/**
 * The prompt sequence (tokens marked `prompt: true`) and the generated sequence, both with the
 * original provenance. Generated tokens get text offsets relative to the generated text.
 */
export function splitEchoedSequence(
  sequence: LogprobSequence,
  promptTokenCount: number,
): { prompt: LogprobSequence; generated: LogprobSequence } {
  const promptTokens = sequence.tokens
    .slice(0, promptTokenCount)
    .map((token) => ({ ...token, prompt: true }));
  const promptText = promptTokens.map((token) => token.token).join("");
  const base = sequence.tokens[promptTokenCount]?.textOffset ?? promptText.length;
  const generatedTokens = sequence.tokens.slice(promptTokenCount).map((token) => {
    const copy: TokenLogprob = { ...token };
    delete copy.prompt;
    if (copy.textOffset !== undefined) copy.textOffset = Math.max(0, copy.textOffset - base);
    return copy;
  });
  return {
    prompt: { tokens: promptTokens, text: promptText, provenance: sequence.provenance },
    generated: {
      tokens: generatedTokens,
      text: generatedTokens.map((token) => token.token).join(""),
      provenance: sequence.provenance,
    },
  };
}
