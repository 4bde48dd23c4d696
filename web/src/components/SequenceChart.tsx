/**
 * Line chart of per-token probability (solid, left axis 0–100%) and entropy (dashed, right axis,
 * nats) across the sequence. Low-confidence spans are shaded, ambiguity points marked with a
 * diamond; clicking anywhere over a token selects it.
 */
import { useRef } from "react";
import type { TokenLogprob } from "../../../src/core/index.js";
import { niceMaximum, type PlotBox, seriesPath, slotWidth, xOf, yOf } from "../lib/chart-geometry.js";
import { formatProbability } from "../lib/format.js";
import { tokenProbability } from "../lib/token-colors.js";
import { entropyValue, tokenEntropy } from "../lib/token-entropy.js";
import { useElementWidth } from "../lib/use-element-width.js";
import { tokenLabel } from "../lib/visible-whitespace.js";

/** A half-open range of token indices `[start, end)`. */
export interface TokenRange {
  start: number;
  end: number;
}

/** Props of {@link SequenceChart}. */
export interface SequenceChartProps {
  tokens: readonly TokenLogprob[];
  lowConfidence: readonly TokenRange[];
  ambiguity: readonly number[];
  selectedIndex: number | null;
  onSelect: (index: number) => void;
}

/** Width used before the figure is measured (and in tests without layout). */
const DEFAULT_WIDTH = 640;
const HEIGHT = 220;

/** The plot area for a chart `width` px wide: 44 px for the left axis, 48 px for the right. */
export function plotBox(width: number): PlotBox {
  return { left: 44, top: 12, width: Math.max(40, width - 44 - 48), height: HEIGHT - 12 - 30 };
}

/** The chart (see module comment). */
export function SequenceChart({
  tokens,
  lowConfidence,
  ambiguity,
  selectedIndex,
  onSelect,
}: SequenceChartProps) {
  const figure = useRef<HTMLElement | null>(null);
  const width = Math.max(280, useElementWidth(figure, DEFAULT_WIDTH));
  const BOX = plotBox(width);
  const count = tokens.length;
  if (count === 0) return null;
  const probabilities = tokens.map(tokenProbability);
  const entropyInfos = tokens.map(tokenEntropy);
  const entropies = entropyInfos.map(entropyValue);
  const entropiesExact = entropyInfos.every((info) => info === undefined || "exact" in info);
  const entropyMaximum = niceMaximum(
    Math.max(0, ...entropies.filter((value): value is number => value !== null)),
  );
  const slot = slotWidth(count, BOX);
  const hasEntropy = entropies.some((value) => value !== null);
  const description = `Probability${hasEntropy ? " and entropy" : ""} of ${count} tokens; ${lowConfidence.length} low-confidence span${
    lowConfidence.length === 1 ? "" : "s"
  }, ${ambiguity.length} ambiguity point${ambiguity.length === 1 ? "" : "s"}.`;
  const xTicks = [...new Set([0, Math.round((count - 1) / 2), count - 1])];
  return (
    <figure className="chart" ref={figure}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-label={description}
        data-testid="sequence-chart"
      >
        <title>{description}</title>
        {lowConfidence.map((span) => {
          const x0 = Math.max(BOX.left, xOf(span.start, count, BOX) - slot / 2);
          const x1 = Math.min(BOX.left + BOX.width, xOf(span.end - 1, count, BOX) + slot / 2);
          return (
            <rect
              key={`span-${span.start}`}
              className="chart-span"
              x={x0}
              y={BOX.top}
              width={Math.max(1, x1 - x0)}
              height={BOX.height}
              data-span-start={span.start}
              data-span-end={span.end}
            />
          );
        })}
        {[0, 0.5, 1].map((tick) => (
          <g key={`y-${tick}`} className="chart-grid">
            <line x1={BOX.left} x2={BOX.left + BOX.width} y1={yOf(tick, 1, BOX)} y2={yOf(tick, 1, BOX)} />
            <text x={BOX.left - 6} y={yOf(tick, 1, BOX) + 4} textAnchor="end">
              {tick * 100}%
            </text>
            {hasEntropy ? (
              <text x={BOX.left + BOX.width + 6} y={yOf(tick, 1, BOX) + 4} textAnchor="start">
                {Number((tick * entropyMaximum).toPrecision(2))}
              </text>
            ) : null}
          </g>
        ))}
        {xTicks.map((index) => (
          <text
            key={`x-${index}`}
            className="chart-axis"
            x={xOf(index, count, BOX)}
            y={HEIGHT - 12}
            textAnchor={
              count > 1 && index === 0 ? "start" : count > 1 && index === count - 1 ? "end" : "middle"
            }
          >
            {index + 1}
          </text>
        ))}
        {hasEntropy ? (
          <path
            className="chart-entropy"
            d={seriesPath(entropies, entropyMaximum, BOX)}
            data-series="entropy"
          />
        ) : null}
        <path className="chart-probability" d={seriesPath(probabilities, 1, BOX)} data-series="probability" />
        {probabilities.map((probability, index) =>
          probability === null ? null : (
            <circle
              // biome-ignore lint/suspicious/noArrayIndexKey: one point per token position
              key={`p-${index}`}
              className="chart-point"
              cx={xOf(index, count, BOX)}
              cy={yOf(probability, 1, BOX)}
              r={slot < 8 ? 1.5 : 3}
            />
          ),
        )}
        {ambiguity.map((index) => {
          const probability = probabilities[index];
          if (probability === undefined || probability === null) return null;
          const x = xOf(index, count, BOX);
          const y = yOf(probability, 1, BOX);
          return (
            <path
              key={`a-${index}`}
              className="chart-ambiguity"
              d={`M${x},${y - 7} L${x + 6},${y} L${x},${y + 7} L${x - 6},${y} Z`}
              data-ambiguity-index={index}
            />
          );
        })}
        {selectedIndex !== null && selectedIndex < count ? (
          <line
            className="chart-selected"
            x1={xOf(selectedIndex, count, BOX)}
            x2={xOf(selectedIndex, count, BOX)}
            y1={BOX.top}
            y2={BOX.top + BOX.height}
          />
        ) : null}
        {tokens.map((token, index) => {
          const probability = probabilities[index] ?? null;
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: pointer shortcut; the token strip is the keyboard path
            <rect
              // biome-ignore lint/suspicious/noArrayIndexKey: one hit area per token position
              key={`hit-${index}`}
              className="chart-hit"
              x={xOf(index, count, BOX) - slot / 2}
              y={BOX.top}
              width={slot}
              height={BOX.height}
              data-chart-index={index}
              onClick={() => onSelect(index)}
            >
              <title>
                {`${index + 1} ${tokenLabel(token.token, token.bytes)}: ${
                  probability === null ? "unknown" : formatProbability(probability)
                }`}
              </title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="chart-key">
        <span>x: token position</span>
        <span className="key-probability">── probability</span>
        {hasEntropy ? (
          <span className="key-entropy" data-testid="entropy-key">
            {entropiesExact
              ? "- - entropy (nats, right axis)"
              : "- - entropy, lower bound from the top alternatives (nats, right axis)"}
          </span>
        ) : null}
        <span className="key-span">▮ low confidence</span>
        <span className="key-ambiguity">◆ ambiguity point</span>
      </figcaption>
    </figure>
  );
}
