import { InvalidLogprobDataError } from "../errors.js";
import { sumLogprob } from "../math/sum-logprob.js";
import type { TokenLogprob } from "../types.js";
import { knownLogprob } from "./known-logprob.js";

/** The least probable scored token of a sequence. */
export interface LeastConfidentToken {
  /** Index of the token in the sequence. */
  index: number;
  token: string;
  /** Its logprob (nats). */
  logprob: number;
}

/**
 * Whole-sequence statistics over the scored tokens (those whose logprob is known).
 * Fields that need at least one scored token (or byte) are `null` when there is none.
 */
export interface SequenceSummary {
  /** Number of scored tokens (logprob known). */
  tokenCount: number;
  /** Joint log-probability `sum_i l_i` (nats, <= 0); 0 for no scored tokens (empty product). */
  jointLogprob: number;
  /** Mean logprob `(1/n) sum_i l_i` (nats per token). */
  meanLogprob: number | null;
  /** Smallest logprob (nats). */
  minLogprob: number | null;
  /** `exp(-meanLogprob)`. */
  perplexity: number | null;
  /** UTF-8 bytes of the scored tokens. */
  byteCount: number;
  /** `-jointLogprob / (ln 2 * byteCount)`: bits per byte of the scored tokens. */
  bitsPerByte: number | null;
  /** Mean of the exact per-token entropies (nats), over the tokens that carry one; absent if none does. */
  meanEntropy?: number;
  /** Number of tokens that carried an exact entropy (the denominator of `meanEntropy`). */
  entropyCount?: number;
  /** The least probable scored token (the first one on ties); absent when no token is scored. */
  leastConfident?: LeastConfidentToken;
}

/**
 * Summarises a token sequence: count, joint/mean/min logprob, perplexity, bits per byte, mean
 * exact entropy and the least confident token.
 *
 * A token is scored when its logprob is known: `null`, `-9999` (OpenAI placeholder) and
 * `-Infinity` are unknown and skipped (see {@link knownLogprob}); tiny positive rounding counts as
 * 0. Definitions: `jointLogprob = sum_i l_i` (compensated summation), `meanLogprob = joint / n`,
 * `perplexity = exp(-meanLogprob)`, `bitsPerByte = -joint / (ln 2 * B)` with B the UTF-8 bytes of
 * the scored tokens. `meanEntropy` averages `token.entropy` wherever it is a finite number,
 * whether or not the token's own logprob is known.
 *
 * Units: logprobs and entropies in nats; bits per byte in bits. Cost: O(n) for n tokens, one
 * array of n numbers.
 *
 * @param tokens the tokens of a sequence (e.g. `sequence.tokens`)
 * @returns the summary
 * @throws {InvalidLogprobDataError} when a logprob is NaN or positive beyond rounding, naming its position
 */
export function summarizeSequence(tokens: readonly TokenLogprob[]): SequenceSummary {
  const scored: number[] = [];
  let byteCount = 0;
  let entropySum = 0;
  let entropyCount = 0;
  let leastConfident: LeastConfidentToken | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as TokenLogprob;
    const entropy = token.entropy;
    if (typeof entropy === "number" && Number.isFinite(entropy)) {
      entropySum += entropy;
      entropyCount++;
    }
    const logprob = knownLogprob(token.logprob, index, "logprob");
    if (logprob === null) continue;
    if (!Array.isArray(token.bytes))
      throw new InvalidLogprobDataError(index, "bytes", "expected an array of bytes");
    scored.push(logprob);
    byteCount += token.bytes.length;
    if (leastConfident === undefined || logprob < leastConfident.logprob) {
      leastConfident = { index, token: token.token, logprob };
    }
  }
  const tokenCount = scored.length;
  const jointLogprob = sumLogprob(scored);
  const meanLogprob = tokenCount > 0 ? jointLogprob / tokenCount : null;
  const summary: SequenceSummary = {
    tokenCount,
    jointLogprob,
    meanLogprob,
    minLogprob: leastConfident?.logprob ?? null,
    perplexity: meanLogprob === null ? null : Math.exp(-meanLogprob),
    byteCount,
    bitsPerByte: byteCount > 0 ? (0 - jointLogprob) / (Math.LN2 * byteCount) : null,
  };
  if (entropyCount > 0) {
    summary.meanEntropy = entropySum / entropyCount;
    summary.entropyCount = entropyCount;
  }
  if (leastConfident !== undefined) summary.leastConfident = leastConfident;
  return summary;
}
