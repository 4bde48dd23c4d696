/**
 * The one unit policy of every logprobe view (CLI text, JSON aside, and the web UI):
 * - probabilities as percentages ({@link formatPercent});
 * - logprobs, surprisal, margins and entropy in nats, the natural-log unit the numbers are
 *   computed in ({@link formatNats}); a view never mixes in bits for these;
 * - bits only for bits per byte, whose name carries the unit;
 * - positions counted from 1 on screen ({@link formatPosition}): the first generated or scored
 *   token is #1 in every table, message and panel (JSON keeps 0-based array indexes).
 */

/**
 * A probability as a percentage with three significant digits: 0.96875 -> "96.9%",
 * 0.0288 -> "2.88%", 1 -> "100%", 0 -> "0%"; NaN -> "-".
 */
export function formatPercent(probability: number): string {
  if (Number.isNaN(probability)) return "-";
  if (probability === 0) return "0%";
  if (probability >= 0.9995) return probability === 1 ? "100%" : `${(probability * 100).toFixed(2)}%`;
  return `${(probability * 100).toPrecision(3)}%`;
}

/** A value in nats with four decimals: -0.031784 -> "-0.0318"; -Infinity -> "-inf"; -0 -> "0.0000". */
export function formatNats(value: number): string {
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  return (Object.is(value, -0) ? 0 : value).toFixed(4);
}

/** The unit label of {@link formatNats} values. */
export const NATS = "nats";

/** A token's position number as shown to people: 0-based `index` -> 1 for the first token. */
export function displayPosition(index: number): number {
  return index + 1;
}

/** A token's position as shown to people: 0-based `index` -> "#1" for the first token. */
export function formatPosition(index: number): string {
  return `#${displayPosition(index)}`;
}
