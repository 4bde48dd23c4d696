import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs } from "../../../test/helpers/fake-model.js";
import { InvalidInputError } from "../errors.js";
import type { TokenLogprob } from "../types.js";
import { confidenceValues } from "./confidence-measures.js";
import { runCalibration } from "./run-calibration.js";

const p = (previous: number, next: number) => Math.exp(fakeLogprobs(previous)[next] as number);
const entropyAfter = (previous: number) =>
  -fakeLogprobs(previous).reduce((sum, logprob) => sum + Math.exp(logprob) * logprob, 0);

function token(logprob: number | null, extra: Partial<TokenLogprob> = {}): TokenLogprob {
  return { token: "x", bytes: [120], logprob, top: [], ...extra };
}

describe("confidenceValues", () => {
  it("computes each measure by hand and skips unknown logprobs", () => {
    const tokens = [
      token(Math.log(0.5), {
        entropy: 1,
        top: [
          { token: "x", logprob: Math.log(0.5) },
          { token: "y", logprob: Math.log(0.3) },
        ],
      }),
      token(null),
      token(Math.log(0.8), { entropy: 0.5 }),
    ];
    const values = confidenceValues(tokens);
    expect(values["joint-probability"]).toBeCloseTo(0.4, 15);
    expect(values["mean-logprob"]).toBeCloseTo(Math.sqrt(0.4), 15);
    expect(values["min-token-probability"]).toBeCloseTo(0.5, 15);
    expect(values["mean-entropy"]).toBeCloseTo(-0.75, 15);
    expect(values["first-token-margin"]).toBeCloseTo(0.2, 15);
    expect(confidenceValues([token(Math.log(0.5))])["mean-entropy"]).toBeNull();
    expect(confidenceValues([])["joint-probability"]).toBeNull();
  });
});

describe("runCalibration", () => {
  it("answers prompts on the fake model, judges them and measures them (hand computation from its table)", async () => {
    // Greedy after " on" (id 5): "." (7), " the" (2), " sat" (4), then end of text. After " the": " sat", end.
    const run = await runCalibration(createFakeModel(), [
      { prompt: " on", expected: ". The sat" },
      { id: "q2", prompt: " the", expected: "cat" },
    ]);
    expect(run.answers.map((entry) => [entry.id, entry.answer, entry.correct])).toEqual([
      ["1", ". the sat", true],
      ["q2", " sat", false],
    ]);
    const first = run.answers[0]?.confidences;
    expect(first?.["joint-probability"]).toBeCloseTo(p(5, 7) * p(7, 2) * p(2, 4), 12);
    expect(first?.["min-token-probability"]).toBeCloseTo(Math.min(p(5, 7), p(7, 2), p(2, 4)), 12);
    expect(first?.["mean-entropy"]).toBeCloseTo(
      -(entropyAfter(5) + entropyAfter(7) + entropyAfter(2)) / 3,
      12,
    );
    const sorted = fakeLogprobs(5)
      .map(Math.exp)
      .sort((a, b) => b - a);
    expect(first?.["first-token-margin"]).toBeCloseTo((sorted[0] as number) - (sorted[1] as number), 12);
    expect(run.report).toMatchObject({ count: 2, correct: 1, accuracy: 0.5 });
  });

  it("uses saved responses without a model, ignoring echoed prompt tokens", async () => {
    const run = await runCalibration(null, [
      {
        response: { text: "Yes", tokens: [token(-5, { prompt: true }), token(Math.log(0.9))] },
        expected: "yes",
      },
      { response: { text: "no", tokens: [token(Math.log(0.3))] }, expected: "yes" },
    ]);
    expect(run.answers.map((entry) => entry.confidences["joint-probability"])).toEqual([
      expect.closeTo(0.9, 15),
      expect.closeTo(0.3, 15),
    ]);
    expect(run.report.measures[0]?.auroc).toBe(1);
  });

  it("names the item that cannot be answered", async () => {
    await expect(runCalibration(null, [{ prompt: "x", expected: "y" }])).rejects.toThrow(
      /items\[0\]|needs a model/,
    );
    await expect(runCalibration(null, [{ expected: "y" }])).rejects.toThrow(InvalidInputError);
  });
});
