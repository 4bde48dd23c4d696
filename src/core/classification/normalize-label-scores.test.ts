import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { normalizeLabelScores } from "./normalize-label-scores.js";

describe("normalizeLabelScores", () => {
  it("softmaxes label sequence logprobs and reports the covered mass", () => {
    // hand computation: p = 0.1, 0.2, 0.05 -> covered 0.35; probabilities 2/7, 4/7, 1/7
    const result = normalizeLabelScores([
      { label: "neutral", logprob: Math.log(0.1) },
      { label: "positive", logprob: Math.log(0.2) },
      { label: "negative", logprob: Math.log(0.05) },
    ]);
    expect(result.labels.map((entry) => entry.label)).toEqual(["positive", "neutral", "negative"]);
    expect(result.labels.map((entry) => entry.probability)).toEqual(
      [4 / 7, 2 / 7, 1 / 7].map((p) => expect.closeTo(p, 15)),
    );
    expect(result.labels[0]?.logprob).toBeCloseTo(Math.log(4 / 7), 15);
    expect(result.labels[0]?.sequenceLogprob).toBe(Math.log(0.2));
    expect(result.coveredMass).toBeCloseTo(0.35, 15);
  });

  it("stays exact for very small sequence probabilities", () => {
    // hand computation: logprobs -1000 and -1000 - ln 3 -> probabilities 3/4, 1/4
    const result = normalizeLabelScores([
      { label: "a", logprob: -1000 },
      { label: "b", logprob: -1000 - Math.log(3) },
    ]);
    expect(result.labels.map((entry) => entry.probability)).toEqual(
      [0.75, 0.25].map((p) => expect.closeTo(p, 12)),
    );
    expect(result.coveredMass).toBe(0);
  });

  it("gives a -Infinity label probability 0 and rejects bad input", () => {
    const result = normalizeLabelScores([
      { label: "a", logprob: Number.NEGATIVE_INFINITY },
      { label: "b", logprob: -2 },
    ]);
    expect(result.labels.map((entry) => [entry.label, entry.probability])).toEqual([
      ["b", 1],
      ["a", 0],
    ]);
    expect(() => normalizeLabelScores([])).toThrow(InvalidInputError);
    expect(() => normalizeLabelScores([{ label: "a", logprob: 0.5 }])).toThrow(/labelLogprobs\[0\]\.logprob/);
    expect(() =>
      normalizeLabelScores([
        { label: "a", logprob: -1 },
        { label: "a", logprob: -2 },
      ]),
    ).toThrow(/appears twice/);
    expect(() => normalizeLabelScores([{ label: "a", logprob: Number.NEGATIVE_INFINITY }])).toThrow(
      /probability 0/,
    );
  });
});
