/**
 * The token table of `logprobe analyze`: one row per token with its probability, logprob (nats),
 * rank among the reported alternatives, and the top alternatives.
 *
 * ```
 * #  token    prob    logprob  rank  top alternatives
 * 0  "Hello"  72.8%  -0.3173     1  "Hi" 26.7%
 * ```
 */
import { displayPosition } from "../../core/display/display-units.js";
import { rankOf } from "../../core/math/rank-of.js";
import type { TokenLogprob } from "../../core/types.js";
import { paint } from "./color-scale.js";
import type { ColorDepth } from "./color-support.js";
import { displayWidth } from "./display-width.js";
import { formatNats, formatPercent, quoteToken } from "./format-number.js";
import { escapeControlCharacters } from "./heatmap.js";

/** Options of {@link renderTokenTable}. */
export interface TokenTableOptions {
  /** Alternatives shown per row (the chosen token is not repeated among them). */
  top: number;
  /** Colour depth for the probability column (default "none": plain text). */
  depth?: ColorDepth;
}

/**
 * The rank cell of a token: its own `rank` when the source reported one, else its 1-based rank
 * among the reported alternatives (core's `rankOf`), else `>k` when k alternatives were reported
 * and it is not among them, else "-" (nothing to rank against).
 */
export function rankCell(token: TokenLogprob): string {
  if (token.rank !== undefined) return String(token.rank);
  if (token.logprob === null && token.top.length === 0) return "-";
  const rank = rankOf(token, token.top);
  if (rank !== undefined) return String(rank);
  return token.top.length > 0 ? `>${token.top.length}` : "-";
}

function sameToken(token: TokenLogprob, alternative: TokenLogprob["top"][number]): boolean {
  return alternative.id !== undefined && token.id !== undefined
    ? alternative.id === token.id
    : alternative.token === token.token;
}

function pad(text: string, width: number, left: boolean): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return left ? fill + text : text + fill;
}

/**
 * Renders the table: a header and one line per token; prompt tokens (echo, prompt scoring) have a
 * `*` after their index. Unknown logprobs show "-". Token texts are JSON-quoted with control
 * characters escaped. Cost: O(n k).
 *
 * @returns lines joined with "\n" (no trailing newline); "" for no tokens
 */
export function renderTokenTable(tokens: readonly TokenLogprob[], options: TokenTableOptions): string {
  if (tokens.length === 0) return "";
  const depth = options.depth ?? "none";
  const rows = tokens.map((token, index) => {
    const probability = token.logprob === null ? null : Math.exp(token.logprob);
    const alternatives = token.top
      .filter((alternative) => !sameToken(token, alternative))
      .slice(0, options.top)
      .map((alternative) => {
        const altProbability = Math.exp(alternative.logprob);
        return paint(
          `${escapeControlCharacters(quoteToken(alternative.token))} ${formatPercent(altProbability)}`,
          altProbability,
          depth,
        );
      });
    return {
      cells: [
        `${displayPosition(index)}${token.prompt ? "*" : ""}`,
        escapeControlCharacters(quoteToken(token.token)),
        probability === null ? "-" : formatPercent(probability),
        token.logprob === null ? "-" : formatNats(token.logprob),
        rankCell(token),
      ],
      probability,
      alternatives: alternatives.join("  "),
    };
  });
  const header = ["#", "token", "prob", "logprob", "rank"];
  const leftAligned = [false, true, false, false, false];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => displayWidth(row.cells[column] ?? ""))),
  );
  const showAlternatives = options.top > 0;
  const format = (cells: string[]) =>
    cells.map((cell, column) => pad(cell, widths[column] ?? 0, !leftAligned[column]));
  const lines = [[...format(header), ...(showAlternatives ? ["top alternatives"] : [])].join("  ").trimEnd()];
  for (const row of rows) {
    const cells = format(row.cells);
    cells[2] = paint(cells[2] ?? "", row.probability, depth);
    lines.push([...cells, ...(showAlternatives ? [row.alternatives] : [])].join("  ").trimEnd());
  }
  return lines.join("\n");
}
