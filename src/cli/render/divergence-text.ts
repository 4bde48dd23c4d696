/**
 * Text output of `logprobe compare`: the text painted by divergence, llama.cpp-style KLD
 * statistics and a table of the most divergent tokens. Colour: each token's KL divergence (its lower
 * bound when only bounds are known) in decades, below 0.001 nats (green) to 1 and more (red), on
 * the heatmap's colours (the web UI's Compare view uses the same decades). Cost: O(n).
 */
import type { CompareResult } from "../../core/compare/compare-result.js";
import { paint } from "./color-scale.js";
import type { ColorDepth } from "./color-support.js";
import { formatNats, formatPercent, formatStatistic, quoteToken } from "./format-number.js";
import { escapeControlCharacters } from "./heatmap.js";
import { renderColumns } from "./plain-columns.js";

/** A KL divergence in nats with six decimals, as llama-perplexity prints it. */
export function formatDivergence(value: number | null): string {
  if (value === null) return "-";
  return Number.isFinite(value) ? value.toFixed(6) : "inf";
}

/** KL decades and the heatmap bucket (by a probability inside it) each is painted with. */
export const DIVERGENCE_DECADES: readonly { below: number; label: string; paintAs: number }[] = [
  { below: 0.001, label: "<0.001", paintAs: 0.95 },
  { below: 0.01, label: "0.001-0.01", paintAs: 0.8 },
  { below: 0.1, label: "0.01-0.1", paintAs: 0.6 },
  { below: 1, label: "0.1-1", paintAs: 0.4 },
  { below: Number.POSITIVE_INFINITY, label: ">=1", paintAs: 0.05 },
];

/** The heatmap probability a KL divergence is painted as (null: unknown, dimmed). O(1). */
export function paintProbabilityOf(divergence: number | null): number | null {
  if (divergence === null || Number.isNaN(divergence)) return null;
  return (
    (DIVERGENCE_DECADES.find((decade) => divergence < decade.below) ?? DIVERGENCE_DECADES[4])?.paintAs ?? null
  );
}

/** The legend of {@link renderDivergenceText}. */
export function divergenceLegend(depth: ColorDepth): string {
  return `KL (nats): ${DIVERGENCE_DECADES.map((decade) => paint(` ${decade.label} `, decade.paintAs, depth)).join(" ")}`;
}

/** The compared tokens painted by their KL divergence, in text order. */
export function renderDivergenceText(result: CompareResult, depth: ColorDepth): string {
  return result.tokens
    .map((token) => {
      const divergence = token.klDivergence ?? token.klDivergenceBounds?.lower ?? null;
      return escapeControlCharacters(token.token)
        .split("\n")
        .map((line) => paint(line, paintProbabilityOf(divergence), depth))
        .join("\n");
    })
    .join("");
}

/** The summary lines and the most divergent tokens. */
export function renderCompareSummary(result: CompareResult): string {
  const lines = [
    `base: ${result.base} (${result.sources.base})  model: ${result.model} (${result.sources.model})`,
  ];
  const kld = result.klDivergence;
  if (kld) {
    lines.push(
      `KL divergence (exact, ${kld.count} tokens, ${result.windowing} windows): mean ${formatDivergence(kld.mean)} ± ${formatDivergence(kld.meanUncertainty)}  median ${formatDivergence(kld.median)}  99% ${formatDivergence(kld.percentiles["99"] ?? null)}  max ${formatDivergence(kld.maximum)}`,
    );
    lines.push(
      `same top p: ${(100 * kld.sameTop).toFixed(3)} ± ${(100 * kld.sameTopUncertainty).toFixed(3)} %`,
    );
  }
  const bounds = result.klDivergenceBounds;
  if (bounds) {
    lines.push(
      `KL divergence bounds (top-k only, ${result.tokens.length} tokens): mean >= ${formatDivergence(bounds.meanLower)}  mean <= ${bounds.meanUpper === null ? "unbounded" : formatDivergence(bounds.meanUpper)}  (${bounds.exactTokens} token(s) exact)`,
    );
    if (result.sameTop !== null) lines.push(`same top p: ${(100 * result.sameTop).toFixed(3)} %`);
  }
  lines.push(
    `perplexity: base ${formatStatistic(result.perplexity.base)}  model ${formatStatistic(result.perplexity.model)}  ln(PPL(model)/PPL(base)) ${formatNats(result.perplexity.logRatio)}  RMS Δp ${formatPercent(result.probabilityDifferenceRms)}`,
  );
  if (result.mostDivergent.length > 0) {
    const header = [
      "#",
      "token",
      bounds ? "KL >=" : "KLD",
      "logprob base",
      "logprob model",
      "top base",
      "top model",
    ];
    const rows = result.mostDivergent.map((index) => {
      const token = result.tokens[index];
      if (!token) return [];
      return [
        String(token.index),
        escapeControlCharacters(quoteToken(token.token)),
        formatDivergence(token.klDivergence ?? token.klDivergenceBounds?.lower ?? null),
        token.baseLogprob === null ? "-" : formatNats(token.baseLogprob),
        token.modelLogprob === null ? "-" : formatNats(token.modelLogprob),
        token.baseTop === null ? "-" : escapeControlCharacters(quoteToken(token.baseTop)),
        token.modelTop === null ? "-" : escapeControlCharacters(quoteToken(token.modelTop)),
      ];
    });
    lines.push("", "most divergent tokens:", renderColumns([header, ...rows]));
  }
  return lines.join("\n");
}
