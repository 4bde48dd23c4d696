/**
 * The aggregate of scored multiple-choice items, as lm-eval reports a `multiple_choice` task:
 * each metric is the mean of its 0/1 scores over the items, with `mean_stderr` as its standard
 * error. Cost: O(items).
 */
import { meanStderr } from "../math/mean-stderr.js";
import type { ChoiceItemMetrics } from "./choice-metrics.js";

/** Accuracies over a set of items (fractions in [0, 1]; stderr null below 2 items). */
export interface ChoiceSummary {
  items: number;
  acc: number;
  accStderr: number | null;
  accNorm: number;
  accNormStderr: number | null;
  accBytes: number;
  accBytesStderr: number | null;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The summary of `items` (their 0/1 scores). */
export function summarizeChoices(
  items: readonly Pick<ChoiceItemMetrics, "acc" | "accNorm" | "accBytes">[],
): ChoiceSummary {
  const acc = items.map((item) => item.acc);
  const accNorm = items.map((item) => item.accNorm);
  const accBytes = items.map((item) => item.accBytes);
  return {
    items: items.length,
    acc: mean(acc),
    accStderr: meanStderr(acc),
    accNorm: mean(accNorm),
    accNormStderr: meanStderr(accNorm),
    accBytes: mean(accBytes),
    accBytesStderr: meanStderr(accBytes),
  };
}
