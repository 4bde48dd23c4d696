/**
 * The summary printed after the heatmap and table: token count, perplexity, mean and joint
 * logprob, the least confident token and the ambiguity points (where the model hesitated between
 * its two most probable tokens). All numbers come from core's analysis functions.
 */
import { type AmbiguityPoint, ambiguityPoints } from "../../core/analysis/ambiguity-points.js";
import { summarizeSequence } from "../../core/analysis/summarize-sequence.js";
import { formatPosition } from "../../core/display/display-units.js";
import type { TokenLogprob } from "../../core/types.js";
import { formatNats, formatPercent, formatStatistic, quoteToken } from "./format-number.js";
import { escapeControlCharacters } from "./heatmap.js";

/** Most ambiguity points listed one by one (the count is always shown). */
export const MAX_LISTED_AMBIGUITY_POINTS = 5;

function describePoint(point: AmbiguityPoint, tokens: readonly TokenLogprob[]): string {
  const token = tokens[point.index];
  const [first, second] = token?.top ?? [];
  const versus =
    first && second
      ? `: ${escapeControlCharacters(quoteToken(first.token))} ${formatPercent(Math.exp(first.logprob))} vs ${escapeControlCharacters(quoteToken(second.token))} ${formatPercent(Math.exp(second.logprob))}`
      : "";
  const margin = point.margin === undefined ? "" : `, margin ${formatNats(point.margin)} nats`;
  return `${formatPosition(point.index)} ${escapeControlCharacters(quoteToken(point.token))}${versus}${margin}`;
}

/**
 * Summary lines for a sequence. Cost: O(n k).
 *
 * @param tokens the tokens (with top alternatives, for ambiguity points)
 * @returns lines joined with "\n" (no trailing newline)
 */
export function renderSummary(tokens: readonly TokenLogprob[]): string {
  const summary = summarizeSequence(tokens);
  if (summary.tokenCount === 0 || summary.meanLogprob === null || summary.perplexity === null) {
    return `tokens: ${tokens.length} (none with a known logprob, so no summary)`;
  }
  const lines = [
    `tokens: ${summary.tokenCount}  perplexity: ${formatStatistic(summary.perplexity)}  mean logprob: ${formatNats(summary.meanLogprob)} nats  joint logprob: ${formatNats(summary.jointLogprob)} nats`,
  ];
  const least = summary.leastConfident;
  if (least) {
    lines.push(
      `least confident: ${formatPosition(least.index)} ${escapeControlCharacters(quoteToken(least.token))} (${formatPercent(Math.exp(least.logprob))}, logprob ${formatNats(least.logprob)})`,
    );
  }
  const points = ambiguityPoints(tokens);
  const hasAlternatives = tokens.some((token) => token.top.length >= 2);
  if (!hasAlternatives) {
    lines.push("ambiguity points: unknown (needs at least 2 alternatives per token)");
  } else if (points.length === 0) {
    lines.push("ambiguity points: none (top-1 always more than twice as likely as top-2)");
  } else {
    const listed = points.slice(0, MAX_LISTED_AMBIGUITY_POINTS).map((point) => describePoint(point, tokens));
    const more = points.length > listed.length ? `; ${points.length - listed.length} more` : "";
    lines.push(`ambiguity points: ${points.length} (top-1 less than twice as likely as top-2)`);
    lines.push(`  ${listed.join("\n  ")}${more}`);
  }
  return lines.join("\n");
}
