/**
 * Replays the expected values of llama.cpp's own sampler tests (tests/test-sampling.cpp in the
 * llama.cpp source bundled with node-llama-cpp 3.21.1, commit 80fb11a): inputs are probabilities
 * turned into logits with logf, expected values are the probabilities after the sampler (and, for
 * top-k/top-p/min-p/temperature, a re-softmax by the dist sampler), checked to 1e-5 as there.
 * Differences in form, not substance: logprobe drops zero-probability candidates (llama.cpp keeps
 * them with p = 0) and always renormalises (llama.cpp's typical test reads the pre-cut softmax).
 */
import { describe, expect, it } from "vitest";
import { applyMinP } from "./apply-min-p.js";
import { applyTemperature } from "./apply-temperature.js";
import { applyTopK } from "./apply-top-k.js";
import { applyTopP } from "./apply-top-p.js";
import { applyTypicalP } from "./apply-typical-p.js";
import type { SamplingCandidates } from "./sampling-candidates.js";

function candidates(probabilities: number[]): SamplingCandidates {
  return {
    ids: probabilities.map((_, index) => index),
    logprobs: probabilities.map((p) => Math.log(Math.fround(p))),
  };
}

/** Probabilities keyed by token id, zero-probability entries left out. */
function byId(result: SamplingCandidates): Map<number, number> {
  return new Map(result.ids.map((id, index) => [id, Math.exp(result.logprobs[index] as number)]));
}

function expectProbabilities(result: SamplingCandidates, expected: [id: number, p: number][]): void {
  const actual = byId(result);
  expect([...actual.keys()].sort()).toEqual(expected.map(([id]) => id).sort());
  for (const [id, p] of expected) expect(Math.abs((actual.get(id) as number) - p)).toBeLessThan(1e-5);
}

const base = [0.1, 0.2, 0.3, 0.4];

describe("llama.cpp test-sampling.cpp expectations", () => {
  it("temperature", () => {
    // test_temp({0.1, 0.2, 0.3, 0.4}, {0.1, 0.2, 0.3, 0.4}, 1.0) and (..., {0, 0, 0, 1}, 0.0)
    expectProbabilities(applyTemperature(candidates(base), 1), [
      [0, 0.1],
      [1, 0.2],
      [2, 0.3],
      [3, 0.4],
    ]);
    expectProbabilities(applyTemperature(candidates(base), 0), [[3, 1]]);
  });

  it("top-k", () => {
    // test_top_k: k=1 -> {1}; k=3 -> {0.44444, 0.33333, 0.22222}; k=4 and k=0 -> unchanged
    expectProbabilities(applyTopK(candidates(base), 1), [[3, 1]]);
    expectProbabilities(applyTopK(candidates(base), 3), [
      [3, 0.44444],
      [2, 0.33333],
      [1, 0.22222],
    ]);
    for (const k of [4, 0]) {
      expectProbabilities(applyTopK(candidates(base), k), [
        [3, 0.4],
        [2, 0.3],
        [1, 0.2],
        [0, 0.1],
      ]);
    }
  });

  it("top-p", () => {
    // test_top_p: p=0 -> {1}; p=0.7 -> {0.571429, 0.428571}; p=0.8 -> {0.44444, 0.33333, 0.22222}; p=1 -> unchanged
    expectProbabilities(applyTopP(candidates(base), 0), [[3, 1]]);
    expectProbabilities(applyTopP(candidates(base), Math.fround(0.7)), [
      [3, 0.571429],
      [2, 0.428571],
    ]);
    expectProbabilities(applyTopP(candidates(base), Math.fround(0.8)), [
      [3, 0.44444],
      [2, 0.33333],
      [1, 0.22222],
    ]);
    expect(applyTopP(candidates(base), 1).ids).toHaveLength(4);
  });

  it("min-p", () => {
    // test_min_p: 0.00 and 0.24 keep all; 0.26 and 0.49 keep {0.2, 0.3, 0.4}/0.9; 0.51 and 0.74 keep
    // {0.3, 0.4}/0.7; 0.76 and 1.00 keep {0.4}/0.4. (llama.cpp also accepts 1.05; logprobe rejects p > 1.)
    const cases: [number, [number, number][]][] = [
      [
        0,
        [
          [0, 0.1],
          [1, 0.2],
          [2, 0.3],
          [3, 0.4],
        ],
      ],
      [
        0.24,
        [
          [0, 0.1],
          [1, 0.2],
          [2, 0.3],
          [3, 0.4],
        ],
      ],
      [
        0.26,
        [
          [1, 0.2 / 0.9],
          [2, 0.3 / 0.9],
          [3, 0.4 / 0.9],
        ],
      ],
      [
        0.49,
        [
          [1, 0.2 / 0.9],
          [2, 0.3 / 0.9],
          [3, 0.4 / 0.9],
        ],
      ],
      [
        0.51,
        [
          [2, 0.3 / 0.7],
          [3, 0.4 / 0.7],
        ],
      ],
      [
        0.74,
        [
          [2, 0.3 / 0.7],
          [3, 0.4 / 0.7],
        ],
      ],
      [0.76, [[3, 1]]],
      [1, [[3, 1]]],
    ];
    for (const [p, expected] of cases)
      expectProbabilities(applyMinP(candidates(base), Math.fround(p)), expected);
    expect(() => applyMinP(candidates(base), 1.05)).toThrow(/minP/);
  });

  it("typical-p", () => {
    // test_typical({0.97, 0.01, 0.01, 0.01}, {0.97}, 0.5) and ({0.4, 0.2, 0.2, 0.2}, {0.2, 0.2, 0.2}, 0.5):
    // the kept sets; logprobe renormalises them (1 and 1/3 each)
    expectProbabilities(applyTypicalP(candidates([0.97, 0.01, 0.01, 0.01]), 0.5), [[0, 1]]);
    expectProbabilities(applyTypicalP(candidates([0.4, 0.2, 0.2, 0.2]), 0.5), [
      [1, 1 / 3],
      [2, 1 / 3],
      [3, 1 / 3],
    ]);
  });
});
