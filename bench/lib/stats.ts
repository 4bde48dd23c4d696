/** Small statistics for benchmark reports. */

/** Median of `values` (mean of the two middle values for an even count). O(n log n). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** ours / peer, NaN when either is missing. */
export function ratio(ours: number | undefined, peer: number | undefined): number {
  if (
    ours === undefined ||
    peer === undefined ||
    !Number.isFinite(ours) ||
    !Number.isFinite(peer) ||
    peer === 0
  ) {
    return Number.NaN;
  }
  return ours / peer;
}

/** Percentage by which `slow` takes longer than `fast` per token, from two rates (tokens/s). */
export function overheadPercent(withRate: number, withoutRate: number): number {
  return (withoutRate / withRate - 1) * 100;
}
