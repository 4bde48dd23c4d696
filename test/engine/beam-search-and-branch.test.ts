/**
 * Beam search and branching on the shared test model. Oracles (hand-derived):
 * - width 1 is greedy decoding, token for token and number for number;
 * - one step with width k and no length penalty gives the k most probable first tokens, i.e.
 *   generate's top-k alternatives, with cumulative logprob = their logprob;
 * - two steps with width >= 1 find a 2-token continuation at least as probable as greedy's;
 * - branching with the greedy token at a greedy position reproduces the greedy continuation;
 *   forcing an alternative reports that alternative's own logprob and rank.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/core/errors.js";
import type { EngineModel } from "../../src/engine/index.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

const prompt = "Once upon a time";

describe.skipIf(!requireTestModel())("beam search and branching (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model.close();
  });

  it("with width 1 equals greedy decoding", async () => {
    const greedy = await model.generate({ prompt, maxTokens: 20, topLogprobs: 2 });
    const beams = await model.beamSearch({ prompt, width: 1, maxTokens: 20, topLogprobs: 2 });
    expect(beams.beams).toHaveLength(1);
    const beam = beams.beams[0]!;
    expect(beam.text).toBe(greedy.text);
    expect(beam.sequence.tokens.map((token) => token.id)).toEqual(
      greedy.sequence.tokens.map((token) => token.id),
    );
    beam.sequence.tokens.forEach((token, index) => {
      expect(token.logprob).toBeCloseTo(greedy.sequence.tokens[index]!.logprob!, 3);
    });
    const sum = greedy.sequence.tokens.reduce((total, token) => total + token.logprob!, 0);
    expect(beam.cumulativeLogprob).toBeCloseTo(sum, 3);
    expect(beam.score).toBeCloseTo(sum / 20, 3);
    expect(beam.finishReason).toBe("length");
  });

  it("takes the k most probable first tokens in one step", async () => {
    const first = await model.generate({ prompt, maxTokens: 1, topLogprobs: 4 });
    const result = await model.beamSearch({ prompt, width: 4, maxTokens: 1, lengthPenalty: 0 });
    const top = first.sequence.tokens[0]!.top;
    expect(result.beams.map((beam) => beam.sequence.tokens[0]!.id)).toEqual(
      top.map((alternative) => alternative.id),
    );
    result.beams.forEach((beam, index) => {
      expect(beam.cumulativeLogprob).toBeCloseTo(top[index]!.logprob, 6);
      expect(beam.score).toBeCloseTo(top[index]!.logprob, 6);
      expect(beam.sequence.tokens[0]!.rank).toBe(index + 1);
    });
  });

  it("finds two tokens at least as probable as greedy's, beams best first", async () => {
    const greedy = await model.generate({ prompt: "The dog", maxTokens: 2 });
    const greedySum = greedy.sequence.tokens.reduce((total, token) => total + token.logprob!, 0);
    const result = await model.beamSearch({ prompt: "The dog", width: 3, maxTokens: 2, lengthPenalty: 0 });
    expect(result.beams[0]!.cumulativeLogprob).toBeGreaterThanOrEqual(greedySum - 1e-3);
    for (let index = 1; index < result.beams.length; index++) {
      expect(result.beams[index - 1]!.score).toBeGreaterThanOrEqual(result.beams[index]!.score);
    }
    expect(new Set(result.beams.map((beam) => beam.text)).size).toBe(result.beams.length);
  });

  it("cuts beams at a stop string", async () => {
    const result = await model.beamSearch({ prompt, width: 2, maxTokens: 12, stop: ["girl"] });
    for (const beam of result.beams) expect(beam.text.includes("girl")).toBe(false);
    expect(result.beams.some((beam) => beam.finishReason === "stop")).toBe(true);
  });

  it("branching with the greedy token reproduces the greedy continuation", async () => {
    const greedy = await model.generate({ prompt, maxTokens: 15, topLogprobs: 2 });
    const ids = greedy.sequence.tokens.map((token) => token.id!);
    const branched = await model.branch({
      prompt,
      prefixTokens: ids.slice(0, 5),
      forcedToken: ids[5]!,
      maxTokens: 9,
    });
    expect(branched.sequence.tokens.map((token) => token.id)).toEqual(ids);
    expect(branched.text).toBe(greedy.text);
    branched.sequence.tokens.forEach((token, index) => {
      expect(token.logprob).toBeCloseTo(greedy.sequence.tokens[index]!.logprob!, 3);
    });
  });

  it("branching with an alternative reports its own numbers and continues from it", async () => {
    const greedy = await model.generate({ prompt, maxTokens: 6, topLogprobs: 3 });
    const position = 2;
    const alternative = greedy.sequence.tokens[position]!.top[1]!;
    const prefix = greedy.sequence.tokens.slice(0, position).map((token) => token.id!);
    const branched = await model.branch({
      prompt,
      prefixTokens: prefix,
      forcedToken: alternative.id!,
      maxTokens: 5,
    });
    const forced = branched.sequence.tokens[position]!;
    expect(forced.id).toBe(alternative.id);
    expect(forced.logprob).toBeCloseTo(alternative.logprob, 3);
    expect(forced.rank).toBe(2);
    expect(branched.sequence.tokens).toHaveLength(position + 1 + 5);
    // Hand check: the continuation is greedy from the new prefix, so it matches a plain greedy
    // generation from the prompt text that ends with the forced token.
    const prefixText = branched.sequence.tokens
      .slice(0, position + 1)
      .map((token) => token.token)
      .join("");
    const continued = await model.generate({ prompt: prompt + prefixText, maxTokens: 5 });
    expect(branched.text).toBe(prefixText + continued.text);
  });

  it("rejects token ids outside the vocabulary", async () => {
    await expect(model.branch({ prompt, prefixTokens: [], forcedToken: 512 })).rejects.toMatchObject({
      field: "forcedToken",
    });
    await expect(model.branch({ prompt, prefixTokens: [-1], forcedToken: 3 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(model.beamSearch({ prompt, width: 0, maxTokens: 3 })).rejects.toMatchObject({
      field: "width",
    });
  });
});
