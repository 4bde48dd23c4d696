/** Number formats shared by the CLI's text output. */

/**
 * A probability as a percentage with three significant digits: 0.96875 -> "96.9%",
 * 0.0288 -> "2.88%", 1 -> "100%", 0 -> "0%".
 */
export function formatPercent(probability: number): string {
  if (probability === 0) return "0%";
  if (probability >= 0.9995) return probability === 1 ? "100%" : `${(probability * 100).toFixed(2)}%`;
  return `${(probability * 100).toPrecision(3)}%`;
}

/** A logprob or other value in nats with four decimals: -0.031784 -> "-0.0318". */
export function formatNats(value: number): string {
  return value.toFixed(4);
}

/** A positive statistic (perplexity, bits per byte) with four significant digits. */
export function formatStatistic(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 1e6 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** A token's text, JSON-quoted so that spaces and newlines are visible: ` there` -> `" there"`. */
export function quoteToken(text: string): string {
  return JSON.stringify(text);
}
