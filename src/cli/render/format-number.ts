/** Number formats shared by the CLI's text output. */

export { formatNats, formatPercent } from "../../core/display/display-units.js";

/** A positive statistic (perplexity, bits per byte) with four significant digits. */
export function formatStatistic(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 1e6 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** A token's text, JSON-quoted so that spaces and newlines are visible: ` there` -> `" there"`. */
export function quoteToken(text: string): string {
  return JSON.stringify(text);
}
