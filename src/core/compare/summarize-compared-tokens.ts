/**
 * The summary numbers every comparison reports, from its compared tokens: top-1 agreement,
 * perplexity of the compared tokens under each model, RMS of the probability change, and the most
 * divergent tokens. Cost: O(n log n).
 */
import type { ComparedToken, CompareResult } from "./compare-result.js";

/** How many tokens `mostDivergent` lists. */
export const MOST_DIVERGENT_COUNT = 10;

/**
 * @param tokens the compared tokens
 * @param divergences one ranking number per token (exact KL, or its lower bound), higher = more divergent
 */
export function summarizeComparedTokens(
  tokens: readonly ComparedToken[],
  divergences: readonly number[],
): Pick<CompareResult, "sameTop" | "perplexity" | "probabilityDifferenceRms" | "mostDivergent"> {
  const known = tokens.filter((token) => token.sameTop !== null);
  const sameTop = known.length === 0 ? null : known.filter((token) => token.sameTop).length / known.length;
  let baseSurprisal = 0;
  let modelSurprisal = 0;
  let squares = 0;
  let scored = 0;
  for (const token of tokens) {
    if (token.baseLogprob === null || token.modelLogprob === null) continue;
    baseSurprisal -= token.baseLogprob;
    modelSurprisal -= token.modelLogprob;
    squares += (Math.exp(token.modelLogprob) - Math.exp(token.baseLogprob)) ** 2;
    scored++;
  }
  const order = divergences
    .map((value, index) => ({ value, index }))
    .filter((entry) => Number.isFinite(entry.value) || entry.value === Number.POSITIVE_INFINITY)
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, MOST_DIVERGENT_COUNT)
    .map((entry) => entry.index);
  const baseLog = scored === 0 ? Number.NaN : baseSurprisal / scored;
  const modelLog = scored === 0 ? Number.NaN : modelSurprisal / scored;
  return {
    sameTop,
    perplexity: { base: Math.exp(baseLog), model: Math.exp(modelLog), logRatio: modelLog - baseLog },
    probabilityDifferenceRms: scored === 0 ? Number.NaN : Math.sqrt(squares / scored),
    mostDivergent: order,
  };
}
