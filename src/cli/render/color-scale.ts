/**
 * The heatmap's colour scale: six probability buckets from green (sure) to red (unsure), each with
 * a 256-colour palette index and a 24-bit colour, and the ANSI escape codes that paint a piece of
 * text in a bucket's colour (as a background, with black or white text on it, whichever contrasts
 * more).
 */
import type { ColorDepth } from "./color-support.js";

/** One bucket of the scale: probabilities in `[min, max)` (the top bucket includes 1). */
export interface ProbabilityBucket {
  /** Lowest probability in the bucket (inclusive). */
  min: number;
  /** Highest probability in the bucket (exclusive, except 1 for the top bucket). */
  max: number;
  /** Label for the legend, e.g. "90-100%". */
  label: string;
  /** xterm 256-colour palette index. */
  ansi256: number;
  /** 24-bit colour [red, green, blue]. */
  rgb: readonly [number, number, number];
  /** Text colour on this background: the one with the higher WCAG 2 contrast ratio. */
  text: "black" | "white";
}

/** The buckets, most probable first. */
export const probabilityBuckets: readonly ProbabilityBucket[] = [
  { min: 0.9, max: 1, label: "90-100%", ansi256: 34, rgb: [46, 170, 70], text: "black" },
  { min: 0.7, max: 0.9, label: "70-90%", ansi256: 113, rgb: [140, 205, 80], text: "black" },
  { min: 0.5, max: 0.7, label: "50-70%", ansi256: 220, rgb: [235, 200, 50], text: "black" },
  { min: 0.3, max: 0.5, label: "30-50%", ansi256: 214, rgb: [245, 160, 40], text: "black" },
  { min: 0.1, max: 0.3, label: "10-30%", ansi256: 202, rgb: [235, 95, 40], text: "black" },
  { min: 0, max: 0.1, label: "0-10%", ansi256: 160, rgb: [205, 30, 40], text: "white" },
];

/**
 * The bucket holding `probability`. Cost: O(1) (six comparisons at most).
 *
 * @param probability a probability in [0, 1]; values above 1 (rounding) go to the top bucket
 * @returns the bucket, or `undefined` when the probability is unknown (`null`) or NaN
 */
export function bucketOf(probability: number | null): ProbabilityBucket | undefined {
  if (probability === null || Number.isNaN(probability)) return undefined;
  return probabilityBuckets.find((bucket) => probability >= bucket.min) ?? probabilityBuckets.at(-1);
}

/** ANSI code that resets all attributes. */
export const RESET = "\u001b[0m";
/** ANSI code for dim text (used for tokens without a probability). */
export const DIM = "\u001b[2m";

/** Opening ANSI codes for a bucket's colour at `depth` ("" for depth "none"). */
export function bucketStyle(bucket: ProbabilityBucket, depth: ColorDepth): string {
  if (depth === "none") return "";
  const background =
    depth === "truecolor" ? `\u001b[48;2;${bucket.rgb.join(";")}m` : `\u001b[48;5;${bucket.ansi256}m`;
  const white = bucket.text === "white";
  const foreground =
    depth === "truecolor"
      ? white
        ? "\u001b[38;2;255;255;255m"
        : "\u001b[38;2;0;0;0m"
      : white
        ? "\u001b[38;5;231m"
        : "\u001b[38;5;16m";
  return background + foreground;
}

/**
 * Paints `text` in the colour of `probability`'s bucket. Unknown probabilities are dimmed. With
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
