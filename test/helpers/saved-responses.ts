/**
 * Test helper: calibration data sets of saved API answers whose confidences are set by hand, so the
 * metrics over them can be checked against published values (scikit-learn's examples).
 */

/** A saved OpenAI completions response with one token of probability `p` (and a runner-up). */
export function savedResponse(text: string, p: number): Record<string, unknown> {
  return {
    object: "text_completion",
    model: "saved",
    choices: [
      {
        index: 0,
        text,
        finish_reason: "stop",
        logprobs: {
          tokens: [text],
          token_logprobs: [Math.log(p)],
          top_logprobs: [{ [text]: Math.log(p), " other": Math.log((1 - p) / 2) }],
          text_offset: [0],
        },
      },
    ],
  };
}

/**
 * A calibration JSONL: line i is a saved answer of confidence `confidences[i]` (its only token's
 * probability), right (" yes" for expected "Yes") when `correct[i]` is 1, else wrong (" no").
 */
export function savedJsonl(confidences: readonly number[], correct: readonly (0 | 1)[]): string {
  return confidences
    .map((p, index) =>
      JSON.stringify({
        id: `q${index}`,
        response: savedResponse(correct[index] ? " yes" : " no", p),
        expected: "Yes",
      }),
    )
    .join("\n");
}
