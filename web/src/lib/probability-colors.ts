/**
 * The probability colour scale of the token heatmap: core's one scale (src/core/display/
 * probability-scale.ts, shared with the CLI), lowest probability first as the legend reads, with
 * dark token text that keeps a WCAG AA contrast on each band.
 */
import {
  PROBABILITY_BANDS as CORE_BANDS,
  probabilityBand as coreBand,
  PROBABILITY_TEXT_COLOR,
  UNKNOWN_PROBABILITY_COLOR,
} from "../../../src/core/index.js";

export { UNKNOWN_PROBABILITY_COLOR };

/** One band of the scale: probabilities in [from, to) get `color` (the last band includes 1). */
export interface ColorBand {
  from: number;
  to: number;
  color: string;
  label: string;
}

/** Text colour drawn on every heatmap background. */
export const TOKEN_TEXT_COLOR = PROBABILITY_TEXT_COLOR;

function toColorBand(band: (typeof CORE_BANDS)[number]): ColorBand {
  return { from: band.min, to: band.max, color: band.color, label: band.label };
}

/** The bands, lowest probability first. */
export const PROBABILITY_BANDS: readonly ColorBand[] = [...CORE_BANDS].reverse().map(toColorBand);

/** The band a probability falls into; `null` or NaN (unknown) gives `undefined`. */
export function probabilityBand(probability: number | null): ColorBand | undefined {
  const band = coreBand(probability);
  return band === undefined ? undefined : toColorBand(band);
}

/** Background colour of a token with this probability (grey when unknown). */
export function probabilityColor(probability: number | null): string {
  return coreBand(probability)?.color ?? UNKNOWN_PROBABILITY_COLOR;
}
