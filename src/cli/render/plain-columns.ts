/**
 * Plain text columns: left-aligned first column, right-aligned others, two spaces apart, padded by
 * terminal columns (CJK and emoji take two).
 */
import { displayWidth, padEndColumns, padStartColumns } from "./display-width.js";

/**
 * Lays out rows (the first is the header) in columns padded to the widest cell, with a rule of
 * dashes under the header. Cost: O(cells).
 */
export function renderColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell));
    });
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? padEndColumns(cell, widths[column] ?? 0) : padStartColumns(cell, widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return "";
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(header), rule, ...body.map(line)].join("\n");
}
