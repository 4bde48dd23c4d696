/**
 * Which colouring the heatmap uses: probability bands or GLTR rank buckets.
 */
import type { TokenLogprob } from "../../../src/core/index.js";
import { probabilityColor } from "./probability-colors.js";
import { rankColor } from "./rank-buckets.js";

/** The two heatmap colourings. */
export type ColorMode = "probability" | "rank";

/** Probability of a token, `null` when its logprob is unknown. */
export function tokenProbability(token: TokenLogprob): number | null {
  return token.logprob === null ? null : Math.exp(token.logprob);
}

/** Background colour of a token under the chosen colouring. */
export function tokenColor(token: TokenLogprob, mode: ColorMode): string {
  return mode === "rank" ? rankColor(token) : probabilityColor(tokenProbability(token));
}
