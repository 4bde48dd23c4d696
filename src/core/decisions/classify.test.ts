import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs } from "../../../test/helpers/fake-model.js";
import { InvalidInputError } from "../errors.js";
import type { LogprobModel } from "../model.js";
import { classificationPrompt, classify } from "./classify.js";

// Fake vocabulary ids: 2 " the", 3 " cat", 4 " sat", 6 " mat", 9 " dog". The fake scores from BOS,
// so after " the" the next-token logprobs are fakeLogprobs(2), after " cat" fakeLogprobs(3).
const logprobAfter = (previous: number, next: number) => fakeLogprobs(previous)[next] as number;

/** Hand computation: softmax over the labels' joint logprobs. */
function softmax(values: number[]): number[] {
  const max = Math.max(...values);
  const total = values.reduce((sum, value) => sum + Math.exp(value - max), 0);
  return values.map((value) => Math.exp(value - max) / total);
}

function withoutPromptLogprobs(model: LogprobModel): LogprobModel {
  return {
    ...model,
    capabilities: { ...model.capabilities, promptLogprobs: false },
    generate: (request) => model.generate(request),
    score: () => Promise.reject(new Error("score must not be called")),
  };
}

describe("classify", () => {
  it("renormalises exact label-sequence logprobs, multi-token labels included (hand computation on the fake bigram table)", async () => {
    const result = await classify(createFakeModel(), {
      text: " the",
      labels: ["cat", "dog", "cat sat"],
      threshold: 0,
    });
    const joint = [logprobAfter(2, 3), logprobAfter(2, 9), logprobAfter(2, 3) + logprobAfter(3, 4)];
    const expected = softmax(joint);
    const byLabel = Object.fromEntries(result.labels.map((entry) => [entry.label, entry]));
    expect(byLabel.cat?.probability).toBeCloseTo(expected[0] as number, 12);
    expect(byLabel.dog?.probability).toBeCloseTo(expected[1] as number, 12);
    expect(byLabel["cat sat"]?.probability).toBeCloseTo(expected[2] as number, 12);
    expect(byLabel["cat sat"]?.sequenceLogprob).toBeCloseTo(joint[2] as number, 12);
    expect(byLabel["cat sat"]?.tokenCount).toBe(2);
    expect(result.labels.every((entry) => entry.exact)).toBe(true);
    expect(result.coveredMass).toBeCloseTo(
      joint.reduce((sum, value) => sum + Math.exp(value), 0),
      12,
    );
    expect(result.approximate).toBe(false);
    expect(result.warnings).toEqual([]);
    // sorted from most to least probable; the best is chosen
    const sorted = [...expected].sort((a, b) => b - a);
    expect(result.labels.map((entry) => entry.probability)).toEqual(
      sorted.map((value) => expect.closeTo(value, 12)),
    );
    expect(result.label).toBe(result.labels[0]?.label);
  });

  it("abstains when the best probability is under the threshold", async () => {
    const model = createFakeModel();
    const best = await classify(model, { text: " the", labels: ["cat", "dog"], threshold: 0 });
    const top = best.labels[0]?.probability as number;
    const under = await classify(model, {
      text: " the",
      labels: ["cat", "dog"],
      threshold: Math.min(1, top + 1e-9),
    });
    expect(under.abstained).toBe(true);
    expect(under.label).toBeNull();
    const at = await classify(model, { text: " the", labels: ["cat", "dog"], threshold: top - 1e-9 });
    expect(at.abstained).toBe(false);
    expect(at.label).toBe(best.labels[0]?.label);
  });

  it("falls back with a warning when the prompt's tokens do not end where the label starts", async () => {
    // " the c" tokenizes as [" the"] (the fake skips the unknown "c"), so "at" after it makes " cat":
    // the boundary token " cat" (logprob after " the") is taken, marked inexact.
    const result = await classify(createFakeModel(), {
      text: " the c",
      labels: ["at", "og"],
      labelPrefix: "",
      threshold: 0,
    });
    expect(result.warnings.map((warning) => warning.code)).toContain("label-boundary-tokenization");
    const at = result.labels.find((entry) => entry.label === "at");
    expect(at?.exact).toBe(false);
    expect(at?.sequenceLogprob).toBeCloseTo(logprobAfter(2, 3), 12);
  });

  it("uses the first token's top-k when the backend cannot score text, and says it is approximate", async () => {
    const result = await classify(withoutPromptLogprobs(createFakeModel()), {
      text: " the",
      labels: ["cat", "dog", "cat sat"],
      threshold: 0,
    });
    expect(result.approximate).toBe(true);
    const codes = result.warnings.map((warning) => warning.code);
    expect(codes).toContain("first-token-approximation");
    expect(codes).toContain("labels-share-first-token");
    // hand computation: the fake generates after its last prompt token " the" (id 2); "cat" and
    // "cat sat" both get p(" cat"), "dog" gets p(" dog").
    const expected = softmax([logprobAfter(2, 3), logprobAfter(2, 9), logprobAfter(2, 3)]);
    const byLabel = Object.fromEntries(result.labels.map((entry) => [entry.label, entry.probability]));
    expect(byLabel.cat).toBeCloseTo(expected[0] as number, 12);
    expect(byLabel.dog).toBeCloseTo(expected[1] as number, 12);
    expect(byLabel["cat sat"]).toBeCloseTo(expected[2] as number, 12);
  });

  it("builds the prompt from the instruction and validates its input", async () => {
    expect(classificationPrompt("text")).toBe("text");
    expect(classificationPrompt("text", "Is it happy?")).toBe("Is it happy?\n\ntext\n\nAnswer:");
    const model = createFakeModel();
    await expect(classify(model, { text: "", labels: ["a"] })).rejects.toThrow(InvalidInputError);
    await expect(classify(model, { text: "x", labels: [] })).rejects.toThrow(/1 to 100 labels/);
    await expect(classify(model, { text: "x", labels: ["a", "a"] })).rejects.toThrow(/labels\[1\]|twice/);
    await expect(classify(model, { text: "x", labels: ["a"], threshold: 1.5 })).rejects.toThrow(/threshold/);
  });
});
