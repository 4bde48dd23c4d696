/**
 * Summary statistics of per-token KL divergences, computed as llama.cpp's `llama-perplexity
 * --kl-divergence` prints them, so that the two can be compared number for number:
 * - mean with its standard error `sqrt((E[x^2] - E[x]^2) / (n - 1))` (0 when n <= 10);
 * - median: the middle value, or the mean of the two middle values when n is even;
 * - percentile f: linear interpolation in the sorted values at index `f * (n - 1)`;
 * - "same top p": the fraction of positions where both distributions have the same most probable
 *   token, with its binomial standard error `sqrt(f (1 - f) / (n - 1))`.
 * Units: nats. Cost: O(n log n) for the sort, O(n) memory (one number per token).
 */

/** llama.cpp's KL divergence statistics (all nats except `sameTop`, a fraction). */
export interface KlDivergenceSummary {
  count: number;
  mean: number;
  /** Standard error of the mean (llama.cpp's "±"). */
  meanUncertainty: number;
  median: number;
  minimum: number;
  maximum: number;
  /** Percentiles by llama.cpp's interpolation: keys "99.9", "99", "95", "90", "10", "5", "1", "0.1". */
  percentiles: Record<string, number>;
  /** Fraction of positions whose top-1 tokens agree. */
  sameTop: number;
  sameTopUncertainty: number;
}

/** The percentiles llama.cpp prints. */
export const KL_DIVERGENCE_PERCENTILES = [99.9, 99, 95, 90, 10, 5, 1, 0.1] as const;

/** llama.cpp's percentile of sorted values: linear interpolation at `fraction * (n - 1)`. O(1). */
export function interpolatedPercentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (fraction <= 0) return sorted[0] as number;
  if (fraction >= 1) return sorted[sorted.length - 1] as number;
  const position = fraction * (sorted.length - 1);
  const index = Math.floor(position);
  const weight = position - index;
  const next = sorted[Math.min(index + 1, sorted.length - 1)] as number;
  return (1 - weight) * (sorted[index] as number) + weight * next;
}

/** Mean of the two middle values (even n) or the middle one. O(1) on sorted input. */
export function medianOfSorted(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const half = Math.floor(n / 2);
  return n % 2 === 0
    ? 0.5 * ((sorted[half] as number) + (sorted[half - 1] as number))
    : (sorted[half] as number);
}

/** llama.cpp's mean and its standard error (0 below 11 values). O(n). */
export function meanWithUncertainty(values: readonly number[]): { mean: number; uncertainty: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, uncertainty: 0 };
  let sum = 0;
  let sumOfSquares = 0;
  for (const value of values) {
    sum += value;
    sumOfSquares += value * value;
  }
  const mean = sum / n;
  const variance = sumOfSquares / n - mean * mean;
  return { mean, uncertainty: variance > 0 && n > 10 ? Math.sqrt(variance / (n - 1)) : 0 };
}

/**
 * Summarises per-token KL divergences and top-1 agreement.
 *
 * @param divergences KL(P || Q) per compared token (nats, finite)
 * @param sameTop for each token, whether the two distributions' most probable tokens agree
 * @throws {RangeError} when the inputs are empty or of different lengths
 */
export function summarizeKlDivergence(
  divergences: readonly number[],
  sameTop: readonly boolean[],
): KlDivergenceSummary {
  if (divergences.length === 0) throw new RangeError("no token was compared");
  if (divergences.length !== sameTop.length) {
    throw new RangeError(`got ${divergences.length} divergences but ${sameTop.length} top-1 flags`);
  }
  const sorted = [...divergences].sort((a, b) => a - b);
  const { mean, uncertainty } = meanWithUncertainty(divergences);
  const count = divergences.length;
  const agreeing = sameTop.filter(Boolean).length;
  const fraction = agreeing / count;
  const percentiles: Record<string, number> = {};
  for (const percent of KL_DIVERGENCE_PERCENTILES)
    percentiles[String(percent)] = interpolatedPercentile(sorted, percent / 100);
  return {
    count,
    mean,
    meanUncertainty: uncertainty,
    median: medianOfSorted(sorted),
    minimum: sorted[0] as number,
    maximum: sorted[count - 1] as number,
    percentiles,
    sameTop: fraction,
    sameTopUncertainty: count > 1 ? Math.sqrt((fraction * (1 - fraction)) / (count - 1)) : 0,
  };
}
