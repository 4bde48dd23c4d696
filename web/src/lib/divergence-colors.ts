/**
 * The colour scale of the Compare view: a token's KL divergence (nats) in decades, from "the same
 * distribution" (green, below 0.001) to "far apart" (red, 1 and more), on the heatmap's colours so
 * that the token text keeps its contrast. Decades, because quantization damage spans 1e-4 to 1
 * nats: a linear scale would paint almost everything green.
 */
import { PROBABILITY_BANDS, UNKNOWN_PROBABILITY_COLOR } from "./probability-colors.js";

/** One band: divergences in [from, to) get `color`. */
export interface DivergenceBand {
  from: number;
  to: number;
  color: string;
  label: string;
}

const [red, orange, yellow, lime, green] = PROBABILITY_BANDS.map((band) => band.color);

/** The bands, smallest divergence first. */
export const DIVERGENCE_BANDS: readonly DivergenceBand[] = [
  { from: 0, to: 0.001, color: green ?? "", label: "< 0.001" },
  { from: 0.001, to: 0.01, color: lime ?? "", label: "0.001–0.01" },
  { from: 0.01, to: 0.1, color: yellow ?? "", label: "0.01–0.1" },
  { from: 0.1, to: 1, color: orange ?? "", label: "0.1–1" },
  { from: 1, to: Number.POSITIVE_INFINITY, color: red ?? "", label: "≥ 1" },
];

/** Background colour of a token with this KL divergence (grey when unknown). */
export function divergenceColor(divergence: number | null): string {
  if (divergence === null || Number.isNaN(divergence)) return UNKNOWN_PROBABILITY_COLOR;
  return DIVERGENCE_BANDS.find((band) => divergence < band.to)?.color ?? (red as string);
}
