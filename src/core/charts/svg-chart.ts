/**
 * A minimal SVG line chart on the unit square (both axes 0..1), written by hand: axes with ticks
 * at 0, 0.25, ..., 1, an optional dashed diagonal, one polyline with markers per series and a
 * legend. Shared by the reliability diagram and the coverage-vs-accuracy curve.
 */

/** One series of points with x and y in [0, 1]. */
export interface ChartSeries {
  name: string;
  points: readonly { x: number; y: number }[];
}

/** What the chart shows. */
export interface UnitChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  /** Draw the y = x reference line (perfect calibration). */
  diagonal?: boolean;
  /** A line under the title (e.g. the data set and model). */
  subtitle?: string;
}

/** Colour-blind-safe palette (Okabe and Ito 2008). */
export const SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"] as const;

const WIDTH = 560;
const HEIGHT = 440;
const LEFT = 64;
const RIGHT = 180;
const TOP = 56;
const BOTTOM = 56;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

/** Escapes text for SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const px = (x: number) => (LEFT + Math.min(1, Math.max(0, x)) * PLOT_WIDTH).toFixed(2);
const py = (y: number) => (TOP + (1 - Math.min(1, Math.max(0, y))) * PLOT_HEIGHT).toFixed(2);

/**
 * Renders the chart as a standalone SVG document (560 x 440 user units). Coordinates are clamped to
 * [0, 1]; a series with no points is listed in the legend only. Cost: O(points).
 */
export function renderUnitChart(chart: UnitChart): string {
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
  );
  if (chart.subtitle)
    parts.push(`<text x="${LEFT}" y="42" fill="#555555">${escapeXml(chart.subtitle)}</text>`);
  for (let tick = 0; tick <= 4; tick++) {
    const value = tick / 4;
    const label = value.toFixed(2);
    parts.push(
      `<line x1="${px(value)}" y1="${py(0)}" x2="${px(value)}" y2="${py(1)}" stroke="#eeeeee"/>`,
      `<line x1="${px(0)}" y1="${py(value)}" x2="${px(1)}" y2="${py(value)}" stroke="#eeeeee"/>`,
      `<text x="${px(value)}" y="${(TOP + PLOT_HEIGHT + 18).toFixed(2)}" text-anchor="middle">${label}</text>`,
      `<text x="${(LEFT - 8).toFixed(2)}" y="${(Number(py(value)) + 4).toFixed(2)}" text-anchor="end">${label}</text>`,
    );
  }
  parts.push(
    `<rect x="${LEFT}" y="${TOP}" width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" fill="none" stroke="#333333"/>`,
    `<text x="${(LEFT + PLOT_WIDTH / 2).toFixed(2)}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(18 ${(TOP + PLOT_HEIGHT / 2).toFixed(2)}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`,
  );
  if (chart.diagonal) {
    parts.push(
      `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#888888" stroke-dasharray="4 4"><title>perfect calibration</title></line>`,
    );
  }
  chart.series.forEach((series, index) => {
    const colour = SERIES_COLOURS[index % SERIES_COLOURS.length];
    const name = escapeXml(series.name);
    const coordinates = series.points.map((point) => `${px(point.x)},${py(point.y)}`);
    parts.push(`<g class="series" data-name="${name}" stroke="${colour}" fill="${colour}">`);
    if (coordinates.length > 1) {
      parts.push(`<polyline points="${coordinates.join(" ")}" fill="none" stroke-width="2"/>`);
    }
    for (const point of series.points) {
      parts.push(
        `<circle cx="${px(point.x)}" cy="${py(point.y)}" r="3.5"><title>${name}: (${point.x.toFixed(4)}, ${point.y.toFixed(4)})</title></circle>`,
      );
    }
    parts.push("</g>");
    const legendY = TOP + 8 + index * 20;
    parts.push(
      `<line x1="${LEFT + PLOT_WIDTH + 16}" y1="${legendY}" x2="${LEFT + PLOT_WIDTH + 36}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${LEFT + PLOT_WIDTH + 42}" y="${legendY + 4}">${name}${series.points.length === 0 ? " (no data)" : ""}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
