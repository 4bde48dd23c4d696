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
 * Number of trailing tokens whose texts, joined, are exactly `generatedText` (the part of an echoed
 * completion's text after the prompt), or undefined when no suffix of the tokens spells it. This
 * is robust to tokenizers whose first prompt token carries an extra leading space (SentencePiece),
 * which makes token texts longer than the prompt. Cost: O(tokens + text).
 */
export function countGeneratedTokens(
  tokens: readonly TokenLogprob[],
  generatedText: string,
): number | undefined {
  let remaining = generatedText;
  let count = 0;
  while (remaining.length > 0) {
    const token = tokens[tokens.length - 1 - count];
    if (!token || token.token.length === 0 || !remaining.endsWith(token.token)) return undefined;
    remaining = remaining.slice(0, remaining.length - token.token.length);
    count++;
  }
  return count;
}

/**
 * Number of leading prompt tokens of an echoed completion: all but the trailing tokens that spell
 * `generatedText` ({@link countGeneratedTokens}); failing that, the reported prompt token count
 * when it fits; failing that, by text offsets ({@link countPromptTokens}).
 */
export function promptTokenCountOf(
  tokens: readonly TokenLogprob[],
  context: { prompt: string; generatedText: string; reportedPromptTokens?: number },
): number {
  const generated = countGeneratedTokens(tokens, context.generatedText);
  if (generated !== undefined) return tokens.length - generated;
  const reported = context.reportedPromptTokens;
  if (reported !== undefined && reported <= tokens.length) return reported;
  return countPromptTokens(tokens, context.prompt.length);
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
