import { InvalidInputError } from "../errors.js";
import type { TokenLogprob } from "../types.js";
import { knownLogprob } from "./known-logprob.js";

/** A run of consecutive tokens each less probable than a threshold. */
export interface LowConfidenceSpan {
  /** Index of the first token of the run. */
  start: number;
  /** Index one past the last token of the run (exclusive, like `Array.prototype.slice`). */
  end: number;
  /** Smallest token probability in the run (0..1). */
  minProb: number;
  /** Concatenated text of the run's tokens. */
  text: string;
}

/**
 * Finds the maximal runs of consecutive tokens whose probability `exp(logprob)` is below
 * `threshold`: the places where the model was unsure of what it wrote.
 *
 * Rules: a token whose logprob is unknown (`null`, `-9999`, `-Infinity`) is not known to be
 * low-confidence, so it ends a run (and starts none). The comparison is strict: a token with
 * probability exactly `threshold` is not in a span. It is done in log space
 * (`logprob < ln threshold`), so it is exact for tiny thresholds.
 *
 * Cost: O(n) for n tokens plus the length of the spans' text.
 *
 * @param tokens tokens of a sequence
 * @param options.threshold probability threshold, in (0, 1]
 * @returns spans in order of position
 * @throws {InvalidInputError} when `threshold` is outside (0, 1]
 * @throws {InvalidLogprobDataError} when a logprob is NaN or positive beyond rounding
 */
export function lowConfidenceSpans(
  tokens: readonly TokenLogprob[],
  options: { threshold: number },
): LowConfidenceSpan[] {
  const threshold = options.threshold;
  if (typeof threshold !== "number" || !(threshold > 0 && threshold <= 1)) {
    throw new InvalidInputError("threshold", `threshold is ${threshold}`, "a probability in (0, 1]");
  }
  const logThreshold = Math.log(threshold);
  const spans: LowConfidenceSpan[] = [];
  let current: { start: number; minLogprob: number; text: string } | undefined;
  const close = (end: number) => {
    if (current)
      spans.push({ start: current.start, end, minProb: Math.exp(current.minLogprob), text: current.text });
    current = undefined;
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as TokenLogprob;
    const logprob = knownLogprob(token.logprob, index, "logprob");
    if (logprob === null || !(logprob < logThreshold)) {
      close(index);
      continue;
    }
    if (current) {
      current.text += token.token;
      if (logprob < current.minLogprob) current.minLogprob = logprob;
    } else {
      current = { start: index, minLogprob: logprob, text: token.token };
    }
  }
  close(tokens.length);
  return spans;
}
