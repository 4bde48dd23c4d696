/**
 * The heatmap legend with the switch between colourings: probability bands or GLTR rank buckets.
 */
import { useId } from "react";
import { PROBABILITY_BANDS, UNKNOWN_PROBABILITY_COLOR } from "../lib/probability-colors.js";
import { RANK_BUCKETS, UNKNOWN_RANK_COLOR } from "../lib/rank-buckets.js";
import type { ColorMode } from "../lib/token-colors.js";

/** Props of {@link ColorLegend}. */
export interface ColorLegendProps {
  mode: ColorMode;
  onModeChange: (mode: ColorMode) => void;
}

/** Legend and colouring switch (see module comment). */
export function ColorLegend({ mode, onModeChange }: ColorLegendProps) {
  const name = useId();
  const entries =
    mode === "probability"
      ? [
          ...PROBABILITY_BANDS.map((band) => ({ color: band.color, label: band.label })),
          { color: UNKNOWN_PROBABILITY_COLOR, label: "unknown" },
        ]
      : [
          ...RANK_BUCKETS.map((bucket) => ({ color: bucket.color, label: bucket.label })),
          { color: UNKNOWN_RANK_COLOR, label: "unknown" },
        ];
  return (
    <div className="legend-row">
      <fieldset className="mode-switch">
        <legend>Colour by</legend>
        <label>
          <input
            type="radio"
            name={name}
            value="probability"
            checked={mode === "probability"}
            onChange={() => onModeChange("probability")}
          />
          probability
        </label>
        <label>
          <input
            type="radio"
            name={name}
            value="rank"
            checked={mode === "rank"}
            onChange={() => onModeChange("rank")}
          />
          rank (GLTR)
        </label>
      </fieldset>
      <ul
        className="legend"
        aria-label={mode === "probability" ? "Probability colour scale" : "Rank buckets"}
      >
        {entries.map((entry) => (
          <li key={entry.label}>
            <span className="swatch" style={{ backgroundColor: entry.color }} aria-hidden="true" />
            {entry.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
