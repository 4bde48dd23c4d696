/**
 * Standard error of a mean as lm-eval reports it for `acc` and `acc_norm`
 * (`lm_eval/api/metrics.py`, `mean_stderr`): the sample standard deviation (divisor n - 1) over
 * sqrt(n). For 0/1 scores with accuracy p this is `sqrt(p (1 - p) / (n - 1))`, the form
 * llama-perplexity prints. Undefined (null) for fewer than 2 values. Cost: O(n).
 */
export function meanStderr(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
}
