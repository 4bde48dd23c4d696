/**
 * Number formatting for the UI. Every displayed number goes through one of these so the same
 * quantity always reads the same way, and the same as in the CLI: probabilities and nats use
 * core's one unit policy (src/core/display/display-units.ts).
 */
import { formatNats, formatPercent } from "../../../src/core/index.js";

/** Formats a probability in [0, 1] as a percentage (core's `formatPercent`); NaN or infinite -> "—". */
export function formatProbability(probability: number): string {
  if (!Number.isFinite(probability)) return "—";
  return formatPercent(probability);
}

/** Formats a natural-log value (nats, core's `formatNats`); `null` reads "n/a". */
export function formatLogprob(logprob: number | null | undefined): string {
  if (logprob === null || logprob === undefined) return "n/a";
  if (logprob === Number.NEGATIVE_INFINITY) return "-∞";
  return formatNats(logprob);
}

/** Formats a positive quantity (perplexity, bits per byte, entropy) with four significant digits. */
export function formatQuantity(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (value === Number.POSITIVE_INFINITY) return "∞";
  if (value !== 0 && Math.abs(value) >= 10_000) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
