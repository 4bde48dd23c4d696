/**
 * The per-token table printed under the heatmap: position, token, its probability and logprob, and
 * the top alternatives at that position with their probabilities; optionally the surprisal in bits.
 *
 * ```
 *   #  token    prob    logprob  alternatives
 *   0  ","      96.9%  -0.0318  " there" 2.88%  " in" 0.0298%
 * ```
 */
import { surprisalBits } from "../../core/math/surprisal.js";
import type { TokenLogprob } from "../../core/types.js";
import { paint } from "./color-scale.js";
import type { ColorDepth } from "./color-support.js";
import { formatNats, formatPercent, quoteToken } from "./format-number.js";
import { escapeControlCharacters } from "./heatmap.js";

/** Options of {@link renderAlternativesTable}. */
export interface AlternativesTableOptions {
  /** Alternatives shown per token (the chosen token is left out of them). */
  top: number;
  /** Colour depth; probabilities are painted by bucket unless "none". */
  depth: ColorDepth;
  /** Number of the first token in the `#` column (default 0). */
  firstIndex?: number;
  /** Adds a `bits` column with each token's surprisal `-log2 p` (default false). */
  surprisal?: boolean;
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - text.length));
}

function padStart(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - text.length)) + text;
}

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
      index: String(firstIndex + index),
      token: escapeControlCharacters(quoteToken(token.token)),
      probability,
      prob: probability === null ? "-" : formatPercent(probability),
      logprob: token.logprob === null ? "-" : formatNats(token.logprob),
      bits: token.logprob === null ? "-" : surprisalBits(token.logprob).toFixed(2),
      alternatives: alternatives.join("  "),
    };
  });
  const header = { index: "#", token: "token", prob: "prob", logprob: "logprob", bits: "bits" };
  const widths = {
    index: Math.max(header.index.length, ...rows.map((row) => row.index.length)),
    token: Math.max(header.token.length, ...rows.map((row) => row.token.length)),
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
  for (const row of rows) {
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
