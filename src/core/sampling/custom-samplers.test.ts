import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs, fakeVocabulary } from "../../../test/helpers/fake-model.js";
import { InvalidInputError } from "../errors.js";
import type { SamplerCandidate, SamplerStepInput } from "../model.js";
import { confidenceGate } from "./confidence-gate.js";
import { runTokenSampler, samplerCandidates } from "./custom-sampler-step.js";
import { chooseWithSettings, greedySampler, settingsSampler } from "./draw-with-settings.js";
import {
  candidateEntropy,
  edtTemperature,
  entropyAdaptiveTemperature,
} from "./entropy-adaptive-temperature.js";

function candidatesOf(probabilities: number[]): SamplerCandidate[] {
  return probabilities.map((p, id) => ({ id, token: `t${id}`, logprob: Math.log(p) }));
}

function step(candidates: SamplerCandidate[], random: () => number = () => 0.5): SamplerStepInput {
  return { candidates, index: 0, random, history: [] };
}

describe("samplerCandidates and runTokenSampler", () => {
  it("orders candidates from most to least probable, drops zero-probability tokens, decodes text lazily", () => {
    const decoded: number[] = [];
    const candidates = samplerCandidates(
      [Math.log(0.2), Number.NEGATIVE_INFINITY, Math.log(0.5), Math.log(0.3)],
      (id) => {
        decoded.push(id);
        return `t${id}`;
      },
    );
    expect(candidates.map((candidate) => candidate.id)).toEqual([2, 3, 0]);
    expect(decoded).toEqual([]);
    expect(candidates[1]?.token).toBe("t3");
    expect(decoded).toEqual([3]);
  });

  it("checks the sampler's decision and names the allowed range", () => {
    const candidates = candidatesOf([0.5, 0.3, 0.2]);
    expect(runTokenSampler(() => 1, step(candidates))).toMatchObject({ stop: false, id: 1 });
    expect(runTokenSampler(() => ({ stop: true, reason: "enough" }), step(candidates))).toEqual({
      stop: true,
      reason: "enough",
    });
    expect(() => runTokenSampler(() => 3, step(candidates))).toThrow(InvalidInputError);
    expect(() => runTokenSampler(() => 0.5, step(candidates))).toThrow(/index from 0 to 2/);
  });
});

describe("built-in samplers", () => {
  it("settingsSampler draws by inverse transform with the step's random (hand computation)", () => {
    // p = 0.5, 0.3, 0.2; u = 0.6: running sums 0.5 < 0.6 <= 0.8 -> index 1
    const candidates = candidatesOf([0.5, 0.3, 0.2]);
    expect(settingsSampler({ temperature: 1 })(step(candidates, () => 0.6))).toBe(1);
    expect(settingsSampler({ temperature: 1 })(step(candidates, () => 0.81))).toBe(2);
    // top-k 1 keeps only the first; min-p 0.7 keeps p >= 0.35 (only the first): index 0 whatever u is
    expect(settingsSampler({ temperature: 1, topK: 1 })(step(candidates, () => 0.99))).toBe(0);
    expect(settingsSampler({ temperature: 1, minP: 0.7 })(step(candidates, () => 0.99))).toBe(0);
    // top-p 0.75 keeps 0.5 + 0.3 (renormalised 0.625, 0.375): u = 0.7 -> index 1
    expect(settingsSampler({ temperature: 1, topP: 0.75 })(step(candidates, () => 0.7))).toBe(1);
    // typical-p and greedy
    expect(settingsSampler({})(step(candidates, () => 0.99))).toBe(0);
    expect(greedySampler(step(candidates))).toBe(0);
    expect(chooseWithSettings(candidates, { temperature: 1, typicalP: 1 }, () => 0.6)).toBe(1);
  });

  it("entropy-adaptive temperature follows T = T0 * N^(theta / H) (EDT, hand computation)", () => {
    // H = ln 2 for two equal candidates: T = 0.8^(1 / ln 2) = exp(ln 0.8 / ln 2) = 0.724750...
    const two = candidatesOf([0.5, 0.5]);
    expect(candidateEntropy(two)).toBeCloseTo(Math.LN2, 14);
    expect(edtTemperature(Math.LN2)).toBeCloseTo(Math.exp(Math.log(0.8) / Math.LN2), 14);
    expect(edtTemperature(Math.LN2)).toBeCloseTo(0.724750301708, 10); // bc -l: e(l(0.8)/l(2))
    expect(edtTemperature(0)).toBe(0);
    // at temperature T the two equal candidates stay equal: u = 0.4 -> 0, u = 0.6 -> 1
    const sampler = entropyAdaptiveTemperature();
    expect(sampler(step(two, () => 0.4))).toBe(0);
    expect(sampler(step(two, () => 0.6))).toBe(1);
    // p = 0.9, 0.1: H = 0.3251 nats, T = 0.8^(1/0.3251) = 0.5035; sharpened p1 = 0.9^(1/T) / (...)
    const skewed = candidatesOf([0.9, 0.1]);
    const entropy = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1));
    const temperature = 0.8 ** (1 / entropy);
    const first = 0.9 ** (1 / temperature) / (0.9 ** (1 / temperature) + 0.1 ** (1 / temperature));
    expect(sampler(step(skewed, () => first - 1e-9))).toBe(0);
    expect(sampler(step(skewed, () => first + 1e-9))).toBe(1);
    expect(() => entropyAdaptiveTemperature({ base: 1 })).toThrow(/base/);
  });

  it("confidenceGate stops at the first chosen token under the gate; a token at the gate passes", () => {
    const candidates = candidatesOf([0.4, 0.35, 0.25]);
    expect(confidenceGate(0.5)(step(candidates))).toMatchObject({ stop: true });
    expect(confidenceGate(0.4)(step(candidates))).toBe(0);
    expect(confidenceGate(0.3, () => 2)(step(candidates))).toMatchObject({ stop: true });
    expect(() => confidenceGate(1.5)).toThrow(/minProbability/);
  });
});

describe("custom samplers on the fake bigram model", () => {
  /** Oracle: the fake's greedy path after `start`, with each token's probability from its exact table. */
  function greedyPath(start: number): { id: number; probability: number }[] {
    const path: { id: number; probability: number }[] = [];
    let previous = start;
    for (let index = 0; index < 16; index++) {
      const logprobs = fakeLogprobs(previous);
      const next = logprobs.indexOf(Math.max(...logprobs));
      path.push({ id: next, probability: Math.exp(logprobs[next] as number) });
      if (next === 1) break;
      previous = next;
    }
    return path;
  }

  it("the confidence gate returns exactly the tokens before the first one under the gate", async () => {
    const model = createFakeModel();
    const path = greedyPath(5); // after " on": ".", " the", " sat", then end of text
    for (const gate of [0.9, 0.5, 0.25]) {
      const stopAt = path.findIndex((entry) => entry.probability < gate);
      const kept = path.slice(0, stopAt < 0 ? path.length : stopAt).filter((entry) => entry.id !== 1);
      const result = await model.generate({ prompt: " on", sampler: confidenceGate(gate) });
      expect(result.sequence.tokens.map((token) => token.id)).toEqual(kept.map((entry) => entry.id));
      expect(result.text).toBe(kept.map((entry) => fakeVocabulary[entry.id]).join(""));
      const stopped = result.warnings.some((warning) => warning.code === "sampler-stopped");
      expect(stopped).toBe(stopAt >= 0 && path[stopAt]?.id !== 1);
    }
  });

  it("seeded samplers repeat: same seed, same text", async () => {
    const model = createFakeModel();
    const sampler = settingsSampler({ temperature: 1.5 });
    const texts = [];
    for (let run = 0; run < 2; run++) {
      texts.push(
        (await model.generate({ prompt: " on", maxTokens: 12, sampler, sampling: { seed: 42 } })).text,
      );
    }
    expect(texts[1]).toBe(texts[0]);
  });
});
