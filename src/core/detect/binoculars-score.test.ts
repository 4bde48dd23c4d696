import { describe, expect, it } from "vitest";
import { crossEntropy } from "../math/cross-entropy.js";
import { binocularsScore } from "./binoculars-score.js";

const ln = Math.log;

describe("binocularsScore", () => {
  it("matches the official code's formula on hand-computed distributions", () => {
    // Two positions, vocabulary {a, b}; text "a b".
    // Observer O_1 = (0.75, 0.25), O_2 = (0.5, 0.5); performer P_1 = (0.5, 0.5), P_2 = (0.25, 0.75).
    // ppl (performer) = -(ln 0.5 + ln 0.75) / 2 = (0.693147 + 0.287682) / 2 = 0.490415
    // H(O_1, P_1) = -(0.75 ln 0.5 + 0.25 ln 0.5) = ln 2 = 0.693147
    // H(O_2, P_2) = -(0.5 ln 0.25 + 0.5 ln 0.75) = 0.693147 + 0.143841 = 0.836988
    // x_ppl = (0.693147 + 0.836988) / 2 = 0.765068; B = 0.490415 / 0.765068 = 0.641005
    const observer = [
      [ln(0.75), ln(0.25)],
      [ln(0.5), ln(0.5)],
    ];
    const performer = [
      [ln(0.5), ln(0.5)],
      [ln(0.25), ln(0.75)],
    ];
    const performed = [performer[0]![0]!, performer[1]![1]!];
    const cross = observer.map((o, t) => crossEntropy(o, performer[t]!));
    expect(cross[0]).toBeCloseTo(Math.LN2, 15);
    expect(cross[1]).toBeCloseTo(-(0.5 * ln(0.25) + 0.5 * ln(0.75)), 15);
    const expected = -(ln(0.5) + ln(0.75)) / 2 / ((Math.LN2 - 0.5 * ln(0.25) - 0.5 * ln(0.75)) / 2);
    expect(binocularsScore(performed, cross)).toBeCloseTo(expected, 14);
    expect(binocularsScore(performed, cross)).toBeCloseTo(0.641005, 5);
  });

  it("equals a transcription of binoculars/metrics.py on random logits (positions that predict a text token)", () => {
    // metrics.py, batch of one, no padding:
    //   perplexity: shifted_logits = logits[..., :-1, :]; shifted_labels = input_ids[..., 1:]
    //     ppl = CrossEntropyLoss(reduction="none")(shifted_logits.transpose(1, 2), shifted_labels).mean()
    //   entropy(p_logits=observer, q_logits=performer):
    //     p_proba = softmax(p_logits); ce = CrossEntropyLoss(reduction="none")(input=q_logits, target=p_proba)
    //     x_ppl = mean of ce over the positions
    //   detector.py: binoculars = ppl(performer_logits) / entropy(observer_logits, performer_logits)
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const vocabulary = 6;
    const inputIds = [1, 4, 0, 5, 2, 3];
    const logits = () => inputIds.map(() => Array.from({ length: vocabulary }, () => 4 * random() - 2));
    const observerLogits = logits();
    const performerLogits = logits();
    const logSoftmax = (row: number[]) => {
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
      return row.map((value) => value - lse);
    };
    // torch CrossEntropyLoss with class-index target: -log_softmax(input)[target];
    // with probability target: -sum(target * log_softmax(input)).
    const positions = inputIds.length - 1;
    let ppl = 0;
    let xppl = 0;
    for (let t = 0; t < positions; t++) {
      ppl -= logSoftmax(performerLogits[t]!)[inputIds[t + 1]!]!;
      const p = logSoftmax(observerLogits[t]!).map(Math.exp);
      const q = logSoftmax(performerLogits[t]!);
      xppl -= p.reduce((sum, value, index) => sum + value * q[index]!, 0);
    }
    const official = ppl / positions / (xppl / positions);
    // Ours, from what detectText computes per token: the performer's logprob of the token and
    // crossEntropy(observer logprobs, performer logprobs).
    const performed: number[] = [];
    const cross: number[] = [];
    for (let t = 0; t < positions; t++) {
      const observerLogprobs = logSoftmax(observerLogits[t]!);
      const performerLogprobs = logSoftmax(performerLogits[t]!);
      performed.push(performerLogprobs[inputIds[t + 1]!]!);
      cross.push(crossEntropy(observerLogprobs, performerLogprobs));
    }
    expect(binocularsScore(performed, cross)).toBeCloseTo(official, 12);
    // The paper's roles (observer perplexity, performer probabilities as the target) differ.
    const paper = binocularsScore(
      performed.map((_, t) => logSoftmax(observerLogits[t]!)[inputIds[t + 1]!]!),
      performed.map((_, t) => crossEntropy(logSoftmax(performerLogits[t]!), logSoftmax(observerLogits[t]!))),
    );
    expect(Math.abs(paper - official)).toBeGreaterThan(1e-3);
  });

  it("is mean surprisal over mean entropy when observer = performer", () => {
    // O_1 = (0.5, 0.5): entropy ln 2; token a: surprisal ln 2. Alone, B = 1.
    expect(binocularsScore([ln(0.5)], [Math.LN2])).toBeCloseTo(1, 15);
    // O_1 = (0.9, 0.1), token b: surprisal ln 10 = 2.302585; entropy 0.325083; B = 7.083
    const entropy = -(0.9 * ln(0.9) + 0.1 * ln(0.1));
    expect(binocularsScore([ln(0.1)], [entropy])).toBeCloseTo(ln(10) / entropy, 14);
  });

  it("rejects empty or mismatched input", () => {
    expect(() => binocularsScore([], [])).toThrow(/at least one/);
    expect(() => binocularsScore([-1], [])).toThrow(/cross-entropies/);
    expect(() => binocularsScore([-1], [0])).toThrow(/undefined/);
  });
});
