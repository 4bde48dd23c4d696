/**
 * The heatmap's colours in a terminal: core's one probability scale (src/core/display/
 * probability-scale.ts, shared with the web UI) as ANSI escape codes that paint a piece of text
 * on its band's background, with the scale's dark text colour on it.
 */
import {
  PROBABILITY_BANDS,
  PROBABILITY_TEXT_COLOR,
  type ProbabilityBand,
  probabilityBand,
} from "../../core/display/probability-scale.js";
import type { ColorDepth } from "./color-support.js";

/** The bands, most probable first (core's scale). */
export const probabilityBuckets: readonly ProbabilityBand[] = PROBABILITY_BANDS;

/** The band holding `probability`, or `undefined` when it is unknown (`null`) or NaN. O(1). */
export const bucketOf = probabilityBand;

/** ANSI code that resets all attributes. */
export const RESET = "\u001b[0m";
/** ANSI code for dim text (used for tokens without a probability). */
export const DIM = "\u001b[2m";

const textRgb = [1, 3, 5].map((start) => Number.parseInt(PROBABILITY_TEXT_COLOR.slice(start, start + 2), 16));

/** Opening ANSI codes for a band's colour at `depth` ("" for depth "none"). */
export function bucketStyle(bucket: ProbabilityBand, depth: ColorDepth): string {
  if (depth === "none") return "";
  if (depth === "truecolor") return `\u001b[48;2;${bucket.rgb.join(";")}m\u001b[38;2;${textRgb.join(";")}m`;
  return `\u001b[48;5;${bucket.ansi256}m\u001b[38;5;16m`;
}

/**
 * Paints `text` in the colour of `probability`'s band. Unknown probabilities are dimmed. With
 * depth "none" the text is returned unchanged.
 */
export function paint(text: string, probability: number | null, depth: ColorDepth): string {
  if (depth === "none" || text === "") return text;
  const bucket = bucketOf(probability);
  return (bucket ? bucketStyle(bucket, depth) : DIM) + text + RESET;
}

/** A one-line legend of the scale, e.g. "probability: 90-100% 70-90% ..." with each label painted. */
export function legendLine(depth: ColorDepth): string {
  const labels = probabilityBuckets.map((bucket) => paint(` ${bucket.label} `, bucket.min, depth));
  return `probability: ${labels.join(" ")}`;
}
