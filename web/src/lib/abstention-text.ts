/**
 * The sentence under the abstention verdict, in the page's terms: 1-based token numbers and
 * percentages (core's own `reason` uses 0-based positions and raw values, for logs and APIs).
 */
import { type AbstentionDecision, formatPosition, type TokenLogprob } from "../../../src/core/index.js";
import { formatProbability } from "./format.js";
import { tokenLabel } from "./visible-whitespace.js";

/** Explains a decision; `tokens` are the tokens it was made on (for the weakest token's text). */
export function abstentionSentence(decision: AbstentionDecision, tokens: readonly TokenLogprob[]): string {
  if (decision.value === null) return "No token has a known probability, so confidence cannot be measured.";
  const below = decision.abstain ? "below" : "not below";
  if (decision.kind === "min-token-prob") {
    const position = decision.position ?? 0;
    const token = tokens[position];
    const name = token
      ? `${tokenLabel(token.token, token.bytes)} (${formatPosition(position)})`
      : formatPosition(position);
    return `The least probable token, ${name}, has probability ${formatProbability(decision.value)}, ${below} the ${formatProbability(decision.threshold)} threshold.`;
  }
  if (decision.kind === "mean-logprob") {
    return `The typical token probability (geometric mean) is ${formatProbability(Math.exp(decision.value))}, ${below} the ${formatProbability(Math.exp(decision.threshold))} threshold.`;
  }
  return `The whole sequence has probability ${
    decision.value === 0 ? "below 1e-300" : formatProbability(decision.value)
  }, ${below} the ${formatProbability(decision.threshold)} threshold.`;
}
