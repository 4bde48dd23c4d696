import { entropy } from "../core/math/entropy.js";
import type { EvaluatorGrammar } from "./evaluator-grammar.js";

/**
 * Statistics of one next-token distribution: what an {@link Evaluator} returns for a position.
 * Every number comes from the full distribution over the vocabulary.
 */

/** One token id with its natural-log probability (nats, <= 0). */
export interface IdLogprob {
  id: number;
  logprob: number;
}

/** What a caller asks of one position. Callers pay only for what they ask (see each field). */
export interface PositionQuery {
  /** Token whose logprob and rank are wanted (the next input token, when scoring). O(V). */
  target?: number;
  /** Number of top alternatives wanted (0 = none). O(V log k), or O(V log V) when k is large. */
  topK: number;
  /**
   * Also return the full distribution as logprobs indexed by token id (needed to apply sampling
   * transforms in JavaScript). O(V) memory per position.
   */
  full?: boolean;
  /**
   * Also choose the next token with these sampling settings, in the evaluator (only for an
   * evaluator with `samplesNatively`): the result's `sampled` holds O(k) numbers, so no
   * vocabulary-sized array reaches JavaScript. O(V log V) native time, O(k) memory here.
   */
  sample?: SampleQuery;
}

/**
 * One seeded sampling step done by the evaluator: exactly the engine's JavaScript step (a repeat
 * penalty on `penalized`, then core's `applySamplingSettings` and `sampleIndex` with
 * `createRandom(seed)` after `draws` 32-bit outputs), on the raw logprobs of the position.
 */
export interface SampleQuery {
  /** Seed of the generation's Mersenne Twister, an integer in [0, 2^32). */
  seed: number;
  /** 32-bit outputs the generator produced before this step (2 per earlier draw). */
  draws: number;
  /** 0 = greedy (no draw). */
  temperature: number;
  topK?: number | undefined;
  topP?: number | undefined;
  minP?: number | undefined;
  typicalP?: number | undefined;
  /**
   * Penalises `penalized` as llama.cpp does, on the raw logits (multiplied when <= 0, divided
   * when positive) where the position's log-sum-exp is known; on the fallback path, which has
   * probabilities only, on the logprobs (with a warning). Default 1 = off.
   */
  repeatPenalty?: number | undefined;
  /** Distinct token ids the repeat penalty applies to. */
  penalized?: readonly number[] | undefined;
  /**
   * Structured output: only tokens this grammar allows may be chosen, and the chosen one is
   * accepted into it. The chosen token is checked first and the distribution masked only when
   * the grammar rejects it (llama.cpp's common_sampler_sample).
   */
  grammar?: EvaluatorGrammar | undefined;
  /**
   * Report the processed numbers under the sampling transforms applied after the grammar's mask
   * (one grammar pass over the vocabulary per step, in the evaluator); the choice is unchanged.
   * A chosen token that a truncation then cuts gets logprob -Infinity.
   */
  reportAfterGrammar?: boolean | undefined;
}

/** The token an evaluator chose for a {@link SampleQuery}, with its numbers (nats). */
export interface SampledToken {
  /** -1 when `grammarAllowsNone`. */
  id: number;
  /** The query's grammar allowed no token at all (generation must stop). */
  grammarAllowsNone?: boolean;
  /** Its logprob under the raw distribution. */
  rawLogprob: number;
  /** Its 1-based rank under the raw distribution. */
  rawRank: number;
  /** Its logprob under the processed distribution (the one sampled from). */
  logprob: number;
  /** Exact entropy of the processed distribution. */
  entropy: number;
  /** Its 1-based rank under the processed distribution. */
  rank: number;
  /** The processed distribution's top `query.topK`, most probable first (ties: lowest id). */
  top: IdLogprob[];
}

/** The statistics of one position's next-token distribution (all in nats). */
export interface PositionStats {
  /** Logprob of `query.target` (nats, <= 0), when a target was asked for. */
  targetLogprob?: number;
  /** 1-based rank of `query.target` (1 + the number of tokens strictly more probable). */
  targetRank?: number;
  /** Exact entropy of the full distribution (nats). */
  entropy: number;
  /** Most probable token (ties: lowest id). Always present. */
  argmax: IdLogprob;
  /** Top `query.topK` tokens, most probable first (ties: lowest id). */
  top: IdLogprob[];
  /** Full distribution, logprobs indexed by token id; only when `query.full`. */
  logprobs?: Float64Array;
  /**
   * Log-sum-exp of the raw logits (nats), with `logprobs` when the evaluator has the logits (the
   * native path): raw logit = logprob + logSumExp. The repeat penalty needs it to act on logits.
   */
  logSumExp?: number;
  /** The token chosen for `query.sample`, when the query asked for one. */
  sampled?: SampledToken;
}

/**
 * Smallest positive float32 (a denormal). node-llama-cpp hands probabilities over as float32, so a
 * probability below this reads as 0; its logprob is reported as log(this) = -103.28 nats, an upper
 * bound of the true value.
 */
export const FLOAT32_MIN_PROBABILITY = 1.401298464324817e-45;
const minLogprob = Math.log(FLOAT32_MIN_PROBABILITY);

/** Natural log of a float32 probability, clamped at {@link FLOAT32_MIN_PROBABILITY}. */
export function logOfProbability(probability: number): number {
  return probability > 0 ? Math.min(0, Math.log(probability)) : minLogprob;
}

/** True when `a` ranks before `b`: more probable, or as probable with a lower id. */
function before(aLogprob: number, aId: number, bLogprob: number, bId: number): boolean {
  return aLogprob > bLogprob || (aLogprob === bLogprob && aId < bId);
}

/**
 * Top k entries of a logprob vector, most probable first, ties broken by lower id.
 * Complexity O(V * k) worst case with an insertion buffer for small k; O(V log V) sort when
 * k > 64. Entries equal to -Infinity (outside a truncated distribution) are never returned.
 */
export function topKOfLogprobs(logprobs: ArrayLike<number>, k: number): IdLogprob[] {
  const size = logprobs.length;
  if (k <= 0) return [];
  if (k > 64) {
    const ids: number[] = [];
    for (let id = 0; id < size; id++) if (logprobs[id]! > Number.NEGATIVE_INFINITY) ids.push(id);
    ids.sort((a, b) => logprobs[b]! - logprobs[a]! || a - b);
    return ids.slice(0, k).map((id) => ({ id, logprob: logprobs[id]! }));
  }
  const top: IdLogprob[] = [];
  for (let id = 0; id < size; id++) {
    const value = logprobs[id]!;
    if (value === Number.NEGATIVE_INFINITY) continue;
    if (top.length === k) {
      const last = top[k - 1]!;
      if (!before(value, id, last.logprob, last.id)) continue;
      top.pop();
    }
    let index = top.length;
    while (index > 0 && before(value, id, top[index - 1]!.logprob, top[index - 1]!.id)) index--;
    top.splice(index, 0, { id, logprob: value });
  }
  return top;
}

/**
 * Computes {@link PositionStats} from a normalised logprob vector (entries may be -Infinity for
 * tokens outside a truncated distribution). Entropy is -sum p ln p in nats, O(V).
 */
export function positionStatsFromLogprobs(logprobs: Float64Array, query: PositionQuery): PositionStats {
  let argmaxId = -1;
  let argmaxLogprob = Number.NEGATIVE_INFINITY;
  for (let id = 0; id < logprobs.length; id++) {
    const value = logprobs[id]!;
    if (value === Number.NEGATIVE_INFINITY) continue;
    if (value > argmaxLogprob) {
      argmaxLogprob = value;
      argmaxId = id;
    }
  }
  const stats: PositionStats = {
    entropy: entropy(logprobs),
    argmax: { id: argmaxId, logprob: argmaxLogprob },
    top: topKOfLogprobs(logprobs, query.topK),
  };
  if (query.target !== undefined) {
    const target = logprobs[query.target] ?? Number.NEGATIVE_INFINITY;
    stats.targetLogprob = target;
    let rank = 1;
    for (let id = 0; id < logprobs.length; id++) if (logprobs[id]! > target) rank++;
    stats.targetRank = rank;
  }
  if (query.full) stats.logprobs = logprobs;
  return stats;
}

/**
 * Turns node-llama-cpp's probability Map (every vocabulary token, float32 probabilities) into a
 * logprob vector indexed by token id, renormalised in double precision so that it sums to 1.
 * Tokens missing from the Map get -Infinity. O(V).
 */
export function logprobsFromProbabilityMap(
  probabilities: Map<number, number>,
  vocabularySize: number,
): Float64Array {
  const logprobs = new Float64Array(vocabularySize).fill(Number.NEGATIVE_INFINITY);
  let sum = 0;
  for (const probability of probabilities.values()) sum += probability;
  // Renormalise in double precision: the float32 probabilities sum to 1 only within ~1e-6.
  const logSum = sum > 0 ? Math.log(sum) : 0;
  for (const [id, probability] of probabilities) {
    if (id >= 0 && id < vocabularySize) logprobs[id] = Math.min(0, logOfProbability(probability) - logSum);
  }
  return logprobs;
}
