/**
 * The probability colour scale of the token heatmap: five bands from "very unsure" (red) to
 * "sure" (green), light enough that the dark token text keeps a WCAG AA contrast on each.
 */

/** One band of the scale: probabilities in [from, to) get `color` (the last band includes 1). */
export interface ColorBand {
  from: number;
  to: number;
  color: string;
  label: string;
}

/** Text colour drawn on every heatmap background. */
export const TOKEN_TEXT_COLOR = "#111827";

/** Background of a token whose probability is unknown (the unconditioned first scored token). */
export const UNKNOWN_PROBABILITY_COLOR = "#e5e7eb";

/** The bands, lowest probability first. */
export const PROBABILITY_BANDS: readonly ColorBand[] = [
  { from: 0, to: 0.1, color: "#f8a5a5", label: "< 10%" },
  { from: 0.1, to: 0.3, color: "#fbc08a", label: "10–30%" },
  { from: 0.3, to: 0.5, color: "#fde68a", label: "30–50%" },
  { from: 0.5, to: 0.8, color: "#d9f0a3", label: "50–80%" },
  { from: 0.8, to: 1, color: "#a7e3b5", label: "≥ 80%" },
];

/** The band a probability falls into; `null` or NaN (unknown) gives `undefined`. */
export function probabilityBand(probability: number | null): ColorBand | undefined {
  if (probability === null || Number.isNaN(probability)) return undefined;
  for (const band of PROBABILITY_BANDS) if (probability < band.to) return band;
  return PROBABILITY_BANDS[PROBABILITY_BANDS.length - 1];
}

/** Background colour of a token with this probability (grey when unknown). */
export function probabilityColor(probability: number | null): string {
  return probabilityBand(probability)?.color ?? UNKNOWN_PROBABILITY_COLOR;
}
