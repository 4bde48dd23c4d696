/**
 * Geometry of the per-token line chart: where token i sits on the x axis, where a probability or
 * an entropy sits on the y axis, and the SVG path of a series with gaps for unknown values.
 */

/** Plot area inside the SVG viewBox. */
export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** x of token `index` of `count`: evenly spaced, first and last at the edges (one token: centre). */
export function xOf(index: number, count: number, box: PlotBox): number {
  if (count <= 1) return box.left + box.width / 2;
  return box.left + (index * box.width) / (count - 1);
}

/** Width of one token's slot (the distance between neighbours; the whole width for one token). */
export function slotWidth(count: number, box: PlotBox): number {
  return count <= 1 ? box.width : box.width / (count - 1);
}

/** y of a value in [0, maximum] (0 at the bottom); values are clamped into range. */
export function yOf(value: number, maximum: number, box: PlotBox): number {
  const fraction = maximum > 0 ? Math.min(1, Math.max(0, value / maximum)) : 0;
  return box.top + (1 - fraction) * box.height;
}

/**
 * SVG path data of a series: "M" starts a segment, "L" continues it; a `null` value ends the
 * segment, so unknown values leave a gap instead of a false line. Coordinates rounded to 0.01.
 */
export function seriesPath(values: readonly (number | null)[], maximum: number, box: PlotBox): string {
  const round = (value: number) => Math.round(value * 100) / 100;
  let path = "";
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const command = drawing ? "L" : "M";
    path += `${path ? " " : ""}${command}${round(xOf(index, values.length, box))},${round(yOf(value, maximum, box))}`;
    drawing = true;
  });
  return path;
}

/** A "nice" axis maximum >= value: 1, 2 or 5 times a power of ten (0 or less gives 1). */
export function niceMaximum(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
