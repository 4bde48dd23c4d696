/**
 * Core helpers that make several calls for one task (`classify`: the prompt and each label
 * continuation; `runCalibration`: one answer per item) keep `capabilities.parallelRequests` calls in
 * flight, and the native path packs them into shared decodes. Oracle: the same task on a model with
 * one sequence (every call decoded alone). Tolerances: scoring 1e-4 nats, as for `score --parallel`
 * (measured 0). Generation 5e-3 nats: a step packed with other sequences decodes several tokens
 * where alone it decodes one, and llama.cpp's kernels round differently at the two batch sizes
 * (measured up to 1.6e-3 per token here, and 1.3e-3 on node-llama-cpp's own evaluator).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify } from "../../src/core/decisions/classify.js";
import { type CalibrationItem, runCalibration } from "../../src/core/decisions/run-calibration.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadNativeTestEngine, type NativeTestEngine } from "./load-test-engine.js";

const SCORE_TOLERANCE = 1e-4;
const GENERATION_TOLERANCE = 5e-3;

const ITEMS: CalibrationItem[] = [
  { id: "a", prompt: "Once upon a time, there was a little", expected: "girl" },
  { id: "b", prompt: "Lily and Tom went to the", expected: "park" },
  { id: "c", prompt: "The sun was shining and the birds were", expected: "singing" },
  { id: "d", prompt: "One day, a big dog", expected: "ran" },
  { id: "e", prompt: "She liked to play with her", expected: "toys" },
];

describe.skipIf(!requireTestModel())("packed requests (stories260K, native)", () => {
  let alone: NativeTestEngine;
  let packed: NativeTestEngine;
  beforeAll(async () => {
    alone = await loadNativeTestEngine(1);
    packed = await loadNativeTestEngine(4);
  });
  afterAll(async () => {
    await alone?.model.close();
    await packed?.model.close();
  });

  it("reports its sequences as capabilities.parallelRequests", () => {
    expect(alone.model.capabilities.parallelRequests).toBe(1);
    expect(packed.model.capabilities.parallelRequests).toBe(4);
  });

  it("classify scores the label continuations on the shared prompt: same probabilities, same decodes", async () => {
    const request = {
      text: "Once upon a time, there was a little girl named Lily. She was very",
      labels: ["happy", "sad", "kind", "tired", "big"],
    };
    const beforeAlone = alone.decodes();
    const one = await classify(alone.model, request);
    const decodesAlone = alone.decodes() - beforeAlone;
    const beforePacked = packed.decodes();
    const four = await classify(packed.model, request);
    const decodesPacked = packed.decodes() - beforePacked;
    expect(four.labels.map((entry) => entry.label)).toEqual(one.labels.map((entry) => entry.label));
    for (const [index, entry] of four.labels.entries()) {
      expect(Math.abs(entry.sequenceLogprob - one.labels[index]!.sequenceLogprob)).toBeLessThan(
        SCORE_TOLERANCE,
      );
      expect(Math.abs(entry.probability - one.labels[index]!.probability)).toBeLessThan(SCORE_TOLERANCE);
    }
    expect(four.label).toBe(one.label);
    // Shared-prefix scoring (score-shared-prefix.ts) on one sequence, however many are open: one
    // decode for the prompt, then one per label's tokens after it.
    expect(decodesAlone).toBe(request.labels.length + 1);
    expect(decodesPacked).toBe(decodesAlone);
  });

  it("calibration answers the items together: same answers and confidences, fewer decodes", async () => {
    const options = { maxTokens: 8 };
    const beforeAlone = alone.decodes();
    const one = await runCalibration(alone.model, ITEMS, options);
    const decodesAlone = alone.decodes() - beforeAlone;
    const beforePacked = packed.decodes();
    const progress: number[] = [];
    const four = await runCalibration(packed.model, ITEMS, {
      ...options,
      onProgress: (done) => progress.push(done),
    });
    const decodesPacked = packed.decodes() - beforePacked;
    expect(four.answers.map((answer) => [answer.id, answer.answer])).toEqual(
      one.answers.map((answer) => [answer.id, answer.answer]),
    );
    for (const [index, answer] of four.answers.entries()) {
      for (const [measure, value] of Object.entries(answer.confidences)) {
        const expected = (one.answers[index]!.confidences as Record<string, number | null>)[measure];
        if (value === null || expected === null || expected === undefined) {
          expect(value, `${answer.id} ${measure}`).toBe(expected);
          continue;
        }
        expect(Math.abs(value - expected), `${answer.id} ${measure}`).toBeLessThan(GENERATION_TOLERANCE);
      }
    }
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(decodesPacked).toBeLessThan(decodesAlone / 2);
  });
});
