/**
 * The one probability colour scale of every logprobe view (the CLI's heatmap and tables, the web
 * UI's token strip and legend): six bands from "sure" (green) to "very unsure" (red). Each band has
 * one background colour, light enough that dark text (#111827) keeps WCAG AA contrast (>= 4.5:1)
 * on it, and the xterm 256-colour palette entry nearest to it for terminals without 24-bit colour.
 */

/** One band: probabilities in `[min, max)` (the top band includes 1). */
export interface ProbabilityBand {
  /** Lowest probability in the band (inclusive). */
  min: number;
  /** Highest probability in the band (exclusive, except 1 for the top band). */
  max: number;
  /** Label for legends, e.g. "90-100%". */
  label: string;
  /** Background colour, "#rrggbb". */
  color: string;
  /** The same colour as [red, green, blue], 0 to 255. */
  rgb: readonly [number, number, number];
  /** Nearest entry of the xterm 256-colour palette (see {@link nearestAnsi256}). */
  ansi256: number;
}

/** Text colour drawn on every band (and on {@link UNKNOWN_PROBABILITY_COLOR}). */
export const PROBABILITY_TEXT_COLOR = "#111827";

/** Background of a token whose probability is unknown (the unconditioned first scored token). */
export const UNKNOWN_PROBABILITY_COLOR = "#e5e7eb";

function hexToRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16)) as [
    number,
    number,
    number,
  ];
}

/** The six levels of the xterm 6x6x6 colour cube (palette entries 16 to 231). */
const CUBE_LEVELS: readonly number[] = [0, 95, 135, 175, 215, 255];

/**
 * The xterm 256-colour palette entry nearest to `rgb` (squared RGB distance) among the colour cube
 * (16 + 36r + 6g + b, levels 0, 95, 135, 175, 215, 255) and the grey ramp (232 + i, level
 * 8 + 10i). Cost: O(1).
 */
export function nearestAnsi256(rgb: readonly [number, number, number]): number {
  const distance = (a: readonly number[]) =>
    a.reduce((sum, value, index) => sum + (value - rgb[index]!) ** 2, 0);
  const cubeIndex = (value: number): number => {
    let best = 0;
    CUBE_LEVELS.forEach((level, index) => {
      if (Math.abs(level - value) < Math.abs(CUBE_LEVELS[best]! - value)) best = index;
    });
    return best;
  };
  const [r, g, b] = rgb.map(cubeIndex) as [number, number, number];
  const cube = 16 + 36 * r + 6 * g + b;
  const cubeDistance = distance([CUBE_LEVELS[r]!, CUBE_LEVELS[g]!, CUBE_LEVELS[b]!]);
  const mean = (rgb[0] + rgb[1] + rgb[2]) / 3;
  const greyIndex = Math.min(23, Math.max(0, Math.round((mean - 8) / 10)));
  const greyLevel = 8 + 10 * greyIndex;
  return distance([greyLevel, greyLevel, greyLevel]) < cubeDistance ? 232 + greyIndex : cube;
}

function band(min: number, max: number, label: string, color: string): ProbabilityBand {
  const rgb = hexToRgb(color);
  return { min, max, label, color, rgb, ansi256: nearestAnsi256(rgb) };
}

/** The bands, most probable first. */
export const PROBABILITY_BANDS: readonly ProbabilityBand[] = [
  band(0.9, 1, "90-100%", "#86efac"),
  band(0.7, 0.9, "70-90%", "#bef264"),
  band(0.5, 0.7, "50-70%", "#fde047"),
  band(0.3, 0.5, "30-50%", "#fdba74"),
  band(0.1, 0.3, "10-30%", "#fca5a5"),
  band(0, 0.1, "0-10%", "#f87171"),
];

/**
 * The band holding `probability`; values above 1 (rounding) go to the top band, below 0 to the
 * bottom one. `null` or NaN (unknown) gives `undefined`. Cost: O(bands).
 */
export function probabilityBand(probability: number | null): ProbabilityBand | undefined {
  if (probability === null || Number.isNaN(probability)) return undefined;
  return PROBABILITY_BANDS.find((entry) => probability >= entry.min) ?? PROBABILITY_BANDS.at(-1);
}
