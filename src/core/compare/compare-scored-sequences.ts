/**
 * Token-by-token comparison from two scored sequences that carry only top-k alternatives (remote
 * APIs): per token, bounds on KL(base || model) (see `kl-divergence-bounds.ts`), top-1 agreement
 * when both lists are non-empty, and both logprobs of the token. Tokens are paired by their
 * character offset and text, so that models with different tokenizers are compared where their
 * tokens coincide. Cost: O(n * k).
 */
import type { ScoreResult } from "../model.js";
import type { TokenLogprob } from "../types.js";
import type { ComparedToken, CompareResult } from "./compare-result.js";
import { klDivergenceBounds } from "./kl-divergence-bounds.js";
import { summarizeComparedTokens } from "./summarize-compared-tokens.js";

/** What one token tells of its distribution: its top list plus the token itself. */
function knownOf(token: TokenLogprob): Map<string, number> {
  const known = new Map<string, number>();
  for (const alternative of token.top) known.set(alternative.token, alternative.logprob);
  if (token.logprob !== null && !known.has(token.token)) known.set(token.token, token.logprob);
  return known;
}

/** Offsets of a sequence's tokens: `textOffset` when present, else the running length of the texts. */
function offsetsOf(tokens: readonly TokenLogprob[]): number[] {
  let running = 0;
  return tokens.map((token) => {
    const offset = token.textOffset ?? running;
    running = offset + token.token.length;
    return offset;
  });
}

/**
 * Compares two scored sequences of the same text.
 * @param topK the number of alternatives that was asked of each model: a list that long is a
 *   complete top-k, so unlisted tokens are at most as probable as its last entry
 */
export function compareScoredSequences(base: ScoreResult, model: ScoreResult, topK: number): CompareResult {
  const modelTokens = model.sequence.tokens;
  const modelOffsets = offsetsOf(modelTokens);
  const byPlace = new Map<string, TokenLogprob>();
  modelTokens.forEach((token, index) => {
    byPlace.set(`${modelOffsets[index]}\u0000${token.token}`, token);
  });
  const baseOffsets = offsetsOf(base.sequence.tokens);
  const compared: ComparedToken[] = [];
  const ranking: number[] = [];
  let unpaired = 0;
  let exactTokens = 0;
  base.sequence.tokens.forEach((token, index) => {
    if (token.logprob === null) return;
    const other = byPlace.get(`${baseOffsets[index]}\u0000${token.token}`);
    if (!other || other.logprob === null) {
      unpaired++;
      return;
    }
    const listIsTopK = other.top.length >= topK && topK > 0;
    const cap = listIsTopK ? other.top[other.top.length - 1]?.logprob : undefined;
    const bounds = klDivergenceBounds(knownOf(token), knownOf(other), cap);
    if (bounds.exact) exactTokens++;
    const baseTop = token.top[0]?.token ?? null;
    const modelTop = other.top[0]?.token ?? null;
    compared.push({
      index,
      token: token.token,
      textOffset: baseOffsets[index] as number,
      ...(token.id !== undefined ? { id: token.id } : {}),
      baseLogprob: token.logprob,
      modelLogprob: other.logprob,
      logprobDifference: other.logprob - token.logprob,
      klDivergence: null,
      klDivergenceBounds: { lower: bounds.lower, upper: Number.isFinite(bounds.upper) ? bounds.upper : null },
      baseTop,
      modelTop,
      sameTop: baseTop === null || modelTop === null ? null : baseTop === modelTop,
    });
    ranking.push(bounds.lower);
  });
  const warnings = [
    {
      code: "kl-divergence-bounds",
      message: `only top-${topK} logprobs are known, so each token's KL divergence is given as bounds (lower: log-sum inequality; upper: unbounded unless both distributions are known where the base has mass), not an exact value`,
    },
  ];
  if (unpaired > 0) {
    warnings.push({
      code: "unpaired-tokens",
      message: `${unpaired} token(s) of ${base.model} have no token at the same place in ${model.model}'s tokenization and were not compared`,
    });
  }
  const lowers = compared.map((token) => token.klDivergenceBounds?.lower ?? 0);
  const uppers = compared.map((token) => token.klDivergenceBounds?.upper ?? null);
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    base: base.model,
    model: model.model,
    method: "top-k-bounds",
    windowing: "sliding",
    tokens: compared,
    klDivergence: null,
    klDivergenceBounds:
      compared.length === 0
        ? null
        : {
            meanLower: mean(lowers),
            meanUpper: uppers.every((value) => value !== null) ? mean(uppers as number[]) : null,
            exactTokens,
          },
    ...summarizeComparedTokens(compared, ranking),
    sources: { base: base.sequence.provenance.source, model: model.sequence.provenance.source },
    warnings: [...base.warnings, ...model.warnings, ...warnings],
  };
}
