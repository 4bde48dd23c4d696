/**
 * The per-token table printed under the heatmap: position, token, its probability and logprob, and
 * the top alternatives at that position with their probabilities; optionally the surprisal (nats).
 * Positions count from 1 (core's `displayPosition`).
 *
 * ```
 *   #  token    prob    logprob  alternatives
 *   0  ","      96.9%  -0.0318  " there" 2.88%  " in" 0.0298%
 * ```
 */
import { displayPosition } from "../../core/display/display-units.js";
import type { TokenLogprob } from "../../core/types.js";
import { paint } from "./color-scale.js";
import type { ColorDepth } from "./color-support.js";
import { displayWidth, padEndColumns, padStartColumns } from "./display-width.js";
import { formatNats, formatPercent, quoteToken } from "./format-number.js";
import { escapeControlCharacters } from "./heatmap.js";

/** Options of {@link renderAlternativesTable}. */
export interface AlternativesTableOptions {
  /** Alternatives shown per token (the chosen token is left out of them). */
  top: number;
  /** Colour depth; probabilities are painted by bucket unless "none". */
  depth: ColorDepth;
  /** 0-based index of the first token (default 0); the `#` column shows it counted from 1. */
  firstIndex?: number;
  /** 0-based indexes (relative to `tokens`) of the rows to show, in order (default: every token). */
  rows?: readonly number[];
  /** Adds a `surprisal` column, `-ln p` in nats like every log quantity shown (default false). */
  surprisal?: boolean;
}

const padEnd = padEndColumns;
const padStart = padStartColumns;

/**
 * Renders the table, one line per token plus a header. Alternatives equal to the chosen token
 * (same id, or same text when ids are unknown) are not repeated. Cost: O(n k).
 *
 * @returns the table's lines joined with "\n" (no trailing newline); "" for no tokens
 */
export function renderAlternativesTable(
  tokens: readonly TokenLogprob[],
  options: AlternativesTableOptions,
): string {
  if (tokens.length === 0) return "";
  const firstIndex = options.firstIndex ?? 0;
  const rows = tokens.map((token, index) => {
    const probability = token.logprob === null ? null : Math.exp(token.logprob);
    const alternatives = token.top
      .filter((alternative) =>
        alternative.id !== undefined && token.id !== undefined
          ? alternative.id !== token.id
          : alternative.token !== token.token,
      )
      .slice(0, options.top)
      .map((alternative) => {
        const altProbability = Math.exp(alternative.logprob);
        const label = `${escapeControlCharacters(quoteToken(alternative.token))} ${formatPercent(altProbability)}`;
        return paint(label, altProbability, options.depth);
      });
    return {
      index: String(displayPosition(firstIndex + index)),
      token: escapeControlCharacters(quoteToken(token.token)),
      probability,
      prob: probability === null ? "-" : formatPercent(probability),
      logprob: token.logprob === null ? "-" : formatNats(token.logprob),
      bits: token.logprob === null ? "-" : formatNats(-token.logprob),
      alternatives: alternatives.join("  "),
    };
  });
  const header = { index: "#", token: "token", prob: "prob", logprob: "logprob", bits: "surprisal" };
  const widths = {
    index: Math.max(header.index.length, ...rows.map((row) => row.index.length)),
    token: Math.max(header.token.length, ...rows.map((row) => displayWidth(row.token))),
    prob: Math.max(header.prob.length, ...rows.map((row) => row.prob.length)),
    logprob: Math.max(header.logprob.length, ...rows.map((row) => row.logprob.length)),
    bits: Math.max(header.bits.length, ...rows.map((row) => row.bits.length)),
  };
  const showBits = options.surprisal === true;
  const showAlternatives = options.top > 0;
  const line = (cells: string[]) => cells.join("  ").trimEnd();
  const lines = [
    line([
      padStart(header.index, widths.index),
      padEnd(header.token, widths.token),
      padStart(header.prob, widths.prob),
      padStart(header.logprob, widths.logprob),
      ...(showBits ? [padStart(header.bits, widths.bits)] : []),
      ...(showAlternatives ? ["alternatives"] : []),
    ]),
  ];
  const shown = options.rows ? options.rows.map((index) => rows[index]!).filter(Boolean) : rows;
  for (const row of shown) {
    lines.push(
      line([
        padStart(row.index, widths.index),
        padEnd(row.token, widths.token),
        paint(padStart(row.prob, widths.prob), row.probability, options.depth),
        padStart(row.logprob, widths.logprob),
        ...(showBits ? [padStart(row.bits, widths.bits)] : []),
        ...(showAlternatives ? [row.alternatives] : []),
      ]),
    );
  }
  return lines.join("\n");
}

/**
 * The 0-based indexes of the `count` least probable tokens (known logprobs only), in position
 * order: the rows of the default, short table. Cost: O(n log n).
 */
export function leastConfidentRows(tokens: readonly TokenLogprob[], count: number): number[] {
  return tokens
    .map((token, index) => ({ index, logprob: token.logprob }))
    .filter((entry): entry is { index: number; logprob: number } => entry.logprob !== null)
    .sort((a, b) => a.logprob - b.logprob || a.index - b.index)
    .slice(0, count)
    .map((entry) => entry.index)
    .sort((a, b) => a - b);
}
