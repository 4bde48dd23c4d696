import { describe, expect, it } from "vitest";
import { meanStderr } from "../math/mean-stderr.js";
import { choiceItemMetrics, codePointLength, firstArgmax, llamaPerplexityScores } from "./choice-metrics.js";
import { summarizeChoices } from "./choice-summary.js";

// Transcription of lm-eval's multiple_choice branch of ConfigurableTask.process_results
// (lm_eval/api/task.py) and mean_stderr (lm_eval/api/metrics.py), for single-target tasks:
//   completion_len = np.array([float(len(i)) for i in choices])
//   byte_length = np.array([float(len(i.encode("utf-8"))) for i in choices])
//   pred = np.argmax(lls); pred_norm = np.argmax(lls / completion_len); pred_byte = np.argmax(lls / byte_length)
//   acc = 1.0 if pred == gold else 0.0 (likewise acc_norm, acc_bytes)
//   mean_stderr(arr) = sample_stddev(arr) / sqrt(len(arr)), sample_stddev dividing by n - 1
function lmEvalReference(lls: number[], choices: string[], gold: number) {
  const argmax = (values: number[]) => values.indexOf(Math.max(...values));
  const completionLength = choices.map((choice) => Array.from(choice).length);
  const byteLength = choices.map((choice) => Buffer.byteLength(choice, "utf8"));
  const pred = argmax(lls);
  const predNorm = argmax(lls.map((ll, index) => ll / completionLength[index]!));
  const predBytes = argmax(lls.map((ll, index) => ll / byteLength[index]!));
  return {
    pred,
    predNorm,
    predBytes,
    acc: pred === gold ? 1 : 0,
    accNorm: predNorm === gold ? 1 : 0,
    accBytes: predBytes === gold ? 1 : 0,
  };
}

function referenceStderr(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sampleStddev = Math.sqrt(
    values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1),
  );
  return sampleStddev / Math.sqrt(values.length);
}

describe("multiple-choice metrics (lm-eval's definitions)", () => {
  it("matches the transcribed reference on items where the three normalisations disagree", () => {
    const cases: [number[], string[], number][] = [
      // Longer choice wins only after dividing by length.
      [[-6, -9], ["a cat", "a big brown dog"], 1],
      // Code points differ from bytes: "é" is 1 code point, 2 bytes.
      [[-4.0, -4.2], ["ééé", "abcd"], 0],
      [[-4.0, -4.2], ["ééé", "abcd"], 1],
      [[-1, -1, -3], ["x", "y", "zzz"], 0],
    ];
    for (const [lls, choices, gold] of cases) {
      expect(choiceItemMetrics(lls, choices, gold)).toEqual(lmEvalReference(lls, choices, gold));
    }
    // "ééé" vs "abcd": per code point -4/3 < -4.2/4; per byte -4/6 > -4.2/4.
    const mixed = choiceItemMetrics([-4.0, -4.2], ["ééé", "abcd"], 0);
    expect([mixed.predNorm, mixed.predBytes]).toEqual([1, 0]);
  });

  it("breaks ties towards the first index, as numpy's argmax", () => {
    expect(firstArgmax([-1, -1, -2])).toBe(0);
    expect(firstArgmax([Number.NEGATIVE_INFINITY, -5])).toBe(1);
  });

  it("counts code points as Python's len", () => {
    expect(codePointLength("héllo")).toBe(5);
    expect(codePointLength("😀a")).toBe(2);
  });

  it("gives mean_stderr as lm-eval computes it", () => {
    const scores = [1, 0, 1, 1, 0, 1, 1, 1];
    expect(meanStderr(scores)).toBeCloseTo(referenceStderr(scores), 12);
    // For 0/1 scores: sqrt(p (1 - p) / (n - 1)), llama-perplexity's form. p = 0.75, n = 8.
    expect(meanStderr(scores)).toBeCloseTo(Math.sqrt((0.75 * 0.25) / 7), 12);
    expect(meanStderr([1])).toBeNull();
    const summary = summarizeChoices(
      scores.map((acc, index) => ({ acc: acc as 0 | 1, accNorm: (index % 2) as 0 | 1, accBytes: 1 })),
    );
    expect(summary).toMatchObject({ items: 8, acc: 0.75, accNorm: 0.5, accBytes: 1, accBytesStderr: 0 });
  });

  it("rejects mismatched lengths and empty choices", () => {
    expect(() => choiceItemMetrics([-1], ["a", "b"], 0)).toThrow(RangeError);
    expect(() => choiceItemMetrics([-1, -2], ["a", ""], 0)).toThrow(RangeError);
  });
});

describe("llama-perplexity's multiple-choice score", () => {
  it("matches a transcription of perplexity.cpp's loop (mean after the tokens every choice shares)", () => {
    // perplexity.cpp multiple_choice_score / hellaswag_score: common_prefix = shared tokens of all
    // seq_tokens; log_prob = log p(seq[common_prefix]) + sum_{j = common_prefix}^{n - 2} log p(seq[j + 1]);
    // score = log_prob / count, count = n - common_prefix. Here the context tokens are shared by
    // construction, so the continuation tokens stand for seq[context..].
    const choices = [
      [
        { id: 5, logprob: -1 },
        { id: 7, logprob: -2 },
        { id: 9, logprob: -0.5 },
      ],
      [
        { id: 5, logprob: -1 },
        { id: 8, logprob: -0.25 },
      ],
      [
        { id: 5, logprob: -1 },
        { id: 7, logprob: -2 },
      ],
    ];
    const reference = (lists: typeof choices) => {
      let common = 0;
      while (lists.every((list) => list[common] !== undefined && list[common]!.id === lists[0]![common]!.id))
        common++;
      return lists.map((list) => {
        const from = Math.min(common, list.length - 1);
        let logProb = 0;
        let count = 0;
        for (let j = from; j < list.length; j++, count++) logProb += list[j]!.logprob;
        return logProb / count;
      });
    };
    expect(llamaPerplexityScores(choices)).toEqual(reference(choices));
    // Shared first token 5: scores -1.25, -0.25, -2; the sum (acc) would pick choice 1 as well,
    // but the mean over all tokens would put choice 0 (-1.1667) above choice 2 (-1.5) either way.
    expect(llamaPerplexityScores(choices)).toEqual([-1.25, -0.25, -2]);
    expect(llamaPerplexityScores([[{ logprob: -1 }], [{ id: 1, logprob: -2 }]])).toBeNull();
  });
});
