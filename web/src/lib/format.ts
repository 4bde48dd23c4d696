/**
 * Number formatting for the UI. Every displayed number goes through one of these so the same
 * quantity always reads the same way.
 */

/**
 * Formats a probability in [0, 1] as a percentage: two significant digits below 1%, one decimal
 * place above (0.1234 -> "12.3%", 0.00042 -> "0.042%", 0 -> "0%").
 */
export function formatProbability(probability: number): string {
  if (!Number.isFinite(probability)) return "—";
  const percent = probability * 100;
  if (percent === 0) return "0%";
  if (percent < 1) return `${Number(percent.toPrecision(2))}%`;
  return `${percent.toFixed(1)}%`;
}

/** Formats a natural-log value (nats) with three decimals; `null` reads "n/a". */
export function formatLogprob(logprob: number | null | undefined): string {
  if (logprob === null || logprob === undefined) return "n/a";
  if (logprob === Number.NEGATIVE_INFINITY) return "-∞";
  if (Object.is(logprob, -0)) return "0.000";
  return logprob.toFixed(3);
}

/** Formats a positive quantity (perplexity, bits per byte, entropy) with four significant digits. */
export function formatQuantity(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (value === Number.POSITIVE_INFINITY) return "∞";
  if (value !== 0 && Math.abs(value) >= 10_000) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
