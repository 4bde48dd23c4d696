/**
 * Seeded sampling chosen natively (`PositionQuery.sample`, native/src/sampling.cc) against the
 * engine's JavaScript sampler (core's `applySamplingSettings` + `sampleIndex` + `createRandom`) on
 * the same native logits, on the shared test model (stories260K.gguf).
 *
 * Oracle: the JavaScript path — the same native evaluator with `sampling: false`, which hands over
 * the full distribution and lets core choose. Same seed and settings must give identical token
 * ids, and logprobs (raw or processed), entropies, ranks and top alternatives within 1e-4.
 * The recorded llama.cpp draws of test/engine/sampling.test.ts are checked here too with native
 * sampling forced on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateRequest, GenerateResult } from "../../src/core/model.js";
import type { Evaluator, EvaluatorSequence } from "../../src/engine/evaluator.js";
import type { EngineModel } from "../../src/engine/index.js";
import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { createNativeEvaluator, nativeTimingsOf } from "../../src/engine/native/native-evaluator.js";
import type { PositionQuery } from "../../src/engine/position-stats.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";
import { llamaCppOracles } from "./oracles.js";

const TOLERANCE = 1e-4;

function nativeRequired(): boolean {
  const status = loadNativeAddon();
  if (status.available) return true;
  if (process.env.CI === "true") throw new Error(`CI needs the native addon: ${status.reason}`);
  return false;
}

const run = requireTestModel() && nativeRequired();

/** What one engine's evaluator was asked and handed over. */
interface Recorder {
  evaluator?: Evaluator;
  sampleQueries: number;
  fullQueries: number;
}

/** Loads the test model on the native evaluator, choosing sampled tokens natively or not. */
async function loadWith(sampling: boolean, recorder: Recorder): Promise<EngineModel> {
  return loadTestEngine({
    evaluator: async ({ modelPath, contextSize, parallel }) => {
      const evaluator = await createNativeEvaluator(modelPath, {
        contextSize,
        parallel,
        threads: 1,
        sampling,
      });
      recorder.evaluator = evaluator;
      return {
        contextSize: evaluator.contextSize,
        vocabularySize: evaluator.vocabularySize,
        info: evaluator.info,
        ...(evaluator.samplesNatively !== undefined ? { samplesNatively: evaluator.samplesNatively } : {}),
        close: () => evaluator.close(),
        async acquire(signal) {
          const sequence = await evaluator.acquire(signal);
          const recording: EvaluatorSequence = {
            get tokens() {
              return sequence.tokens;
            },
            evaluate(tokens, queries: readonly (PositionQuery | undefined)[]) {
              for (const query of queries) {
                if (query?.sample) recorder.sampleQueries++;
                if (query?.full) recorder.fullQueries++;
              }
              return sequence.evaluate(tokens, queries);
            },
            truncate: (length) => sequence.truncate(length),
            release: () => sequence.release(),
          };
          return recording;
        },
      };
    },
  });
}

function expectSameGeneration(a: GenerateResult, b: GenerateResult, where: string): void {
  const tokensA = a.sequence.tokens;
  const tokensB = b.sequence.tokens;
  expect(
    tokensA.map((token) => token.id),
    `${where} ids`,
  ).toEqual(tokensB.map((token) => token.id));
  expect(a.text, `${where} text`).toBe(b.text);
  tokensA.forEach((token, index) => {
    const other = tokensB[index]!;
    const at = `${where} token ${index}`;
    expect(token.logprob === null, `${at} logprob null`).toBe(other.logprob === null);
    if (token.logprob !== null && other.logprob !== null)
      expect(Math.abs(token.logprob - other.logprob), `${at} logprob`).toBeLessThan(TOLERANCE);
    expect(Math.abs((token.entropy ?? 0) - (other.entropy ?? 0)), `${at} entropy`).toBeLessThan(TOLERANCE);
    expect(token.rank, `${at} rank`).toBe(other.rank);
    expect(
      token.top.map((alternative) => alternative.id),
      `${at} top ids`,
    ).toEqual(other.top.map((alternative) => alternative.id));
    token.top.forEach((alternative, rank) => {
      expect(Math.abs(alternative.logprob - other.top[rank]!.logprob), `${at} top[${rank}]`).toBeLessThan(
        TOLERANCE,
      );
    });
  });
  expect(a.sequence.provenance, `${where} provenance`).toEqual(b.sequence.provenance);
}

const PROMPT = "Once upon a time";

/** Settings and modes covering every transform, alone and chained (seeds vary per case). */
const CASES: { name: string; request: Omit<GenerateRequest, "prompt"> }[] = [
  { name: "T 0.8 raw", request: { sampling: { temperature: 0.8, seed: 1 }, topLogprobs: 3 } },
  {
    name: "T 0.8 processed",
    request: { sampling: { temperature: 0.8, seed: 11 }, logprobsMode: "processed", topLogprobs: 4 },
  },
  {
    name: "T 1.5 processed",
    request: { sampling: { temperature: 1.5, seed: 2 }, logprobsMode: "processed", topLogprobs: 5 },
  },
  { name: "T 1.5 raw", request: { sampling: { temperature: 1.5, seed: 22 } } },
  {
    name: "top-k",
    request: { sampling: { temperature: 1, topK: 10, seed: 3 }, logprobsMode: "processed", topLogprobs: 12 },
  },
  {
    name: "top-p",
    request: {
      sampling: { temperature: 1.2, topP: 0.9, seed: 4 },
      logprobsMode: "processed",
      topLogprobs: 3,
    },
  },
  { name: "top-p raw", request: { sampling: { temperature: 0.9, topP: 0.5, seed: 44 }, topLogprobs: 2 } },
  {
    name: "min-p",
    request: {
      sampling: { temperature: 1.3, minP: 0.05, seed: 5 },
      logprobsMode: "processed",
      topLogprobs: 3,
    },
  },
  {
    name: "typical-p",
    request: {
      sampling: { temperature: 0.9, typicalP: 0.8, seed: 6 },
      logprobsMode: "processed",
      topLogprobs: 3,
    },
  },
  { name: "typical-p raw", request: { sampling: { temperature: 1.1, typicalP: 0.5, seed: 66 } } },
  {
    name: "all chained",
    request: {
      sampling: { temperature: 0.8, topK: 40, typicalP: 0.95, topP: 0.95, minP: 0.05, seed: 7 },
      logprobsMode: "processed",
      topLogprobs: 5,
    },
  },
  {
    name: "repeat penalty",
    request: { sampling: { temperature: 0.7, repeatPenalty: 1.3, seed: 8 }, topLogprobs: 2 },
  },
  {
    name: "greedy processed",
    request: { sampling: { temperature: 0, topP: 0.9 }, logprobsMode: "processed", topLogprobs: 3 },
  },
];

describe.skipIf(!run)("native sampling (stories260K)", () => {
  const nativeRecorder: Recorder = { sampleQueries: 0, fullQueries: 0 };
  const javascriptRecorder: Recorder = { sampleQueries: 0, fullQueries: 0 };
  let native: EngineModel;
  let javascript: EngineModel;

  beforeAll(async () => {
    native = await loadWith(true, nativeRecorder);
    javascript = await loadWith(false, javascriptRecorder);
  });
  afterAll(async () => {
    await native?.close();
    await javascript?.close();
  });

  it("chooses the same tokens with the same numbers as core's JavaScript sampler", async () => {
    for (const { name, request } of CASES) {
      const before = { ...nativeRecorder };
      const full = { prompt: PROMPT, maxTokens: 40, ...request };
      const [a, b] = [await native.generate(full), await javascript.generate(full)];
      expectSameGeneration(a, b, name);
      expect(a.sequence.tokens.length, `${name} length`).toBeGreaterThan(0);
      // The native engine sampled every step in the addon and never asked for the full distribution.
      expect(nativeRecorder.fullQueries - before.fullQueries, `${name} full queries`).toBe(0);
      expect(nativeRecorder.sampleQueries - before.sampleQueries, `${name} sample queries`).toBe(
        a.sequence.tokens.length + (a.finishReason === "stop" ? 1 : 0),
      );
    }
    expect(javascriptRecorder.sampleQueries).toBe(0);
    expect(javascriptRecorder.fullQueries).toBeGreaterThan(0);
  });

  it("gives different seeds different draws and repeats a seed exactly", async () => {
    const request = { prompt: PROMPT, maxTokens: 30, sampling: { temperature: 1.5 } };
    const ids = async (seed: number) =>
      (await native.generate({ ...request, sampling: { ...request.sampling, seed } })).sequence.tokens.map(
        (token) => token.id,
      );
    const first = await ids(123);
    expect(await ids(123)).toEqual(first);
    expect(await ids(124)).not.toEqual(first);
  });

  it("continues the random stream after forced tokens (branch) as the JavaScript sampler does", async () => {
    const sampling = { temperature: 1.2, topK: 20, seed: 99 };
    const original = await javascript.generate({ prompt: PROMPT, maxTokens: 12, sampling });
    const prefix = original.sequence.tokens.slice(0, 4).map((token) => token.id!);
    const forcedToken = original.sequence.tokens[6]!.id!;
    for (const logprobsMode of ["raw", "processed"] as const) {
      const request = {
        prompt: PROMPT,
        maxTokens: 16,
        sampling,
        prefixTokens: prefix,
        forcedToken,
        logprobsMode,
      };
      const [a, b] = [await native.branch!(request), await javascript.branch!(request)];
      expectSameGeneration(a, b, `branch ${logprobsMode}`);
    }
  });

  it("draws llama.cpp's recorded tokens (test/engine/sampling.test.ts's oracle) natively", async () => {
    const { settings, runs, prompt } = llamaCppOracles.sampled;
    const before = nativeRecorder.sampleQueries;
    for (const recorded of runs) {
      const result = await native.generate({
        prompt,
        maxTokens: 40,
        sampling: {
          temperature: settings.temperature,
          topK: settings.top_k,
          topP: settings.top_p,
          minP: settings.min_p,
          seed: recorded.seed,
        },
      });
      expect(result.sequence.tokens.map((token) => token.id)).toEqual(
        recorded.tokens.map((token) => token.id),
      );
    }
    expect(nativeRecorder.sampleQueries).toBeGreaterThan(before);
  });

  it("hands JavaScript O(k) bytes per sampled token, independent of the vocabulary", async () => {
    const timings = nativeTimingsOf(nativeRecorder.evaluator!)!;
    const vocabularySize = nativeRecorder.evaluator!.vocabularySize;
    const topK = 5;
    const bytesBefore = timings.bytesReturned;
    const positionsBefore = timings.positions;
    const result = await native.generate({
      prompt: PROMPT,
      maxTokens: 20,
      sampling: { temperature: 1, topP: 0.95, seed: 5 },
      logprobsMode: "processed",
      topLogprobs: topK,
    });
    const positions = timings.positions - positionsBefore;
    expect(positions).toBeGreaterThanOrEqual(result.sequence.tokens.length);
    // Per position: logSumExp, targetLogprob, entropy (f64), rank (i32), top ids (i32) and
    // logprobs (f32); sampled: id, raw rank, rank (i32), raw logprob, logprob, entropy (f64),
    // processed top ids (i32) and logprobs (f64).
    const perPosition = 3 * 8 + 4 + topK * 4 + topK * 4 + 3 * 4 + 3 * 8 + topK * 4 + topK * 8;
    expect(timings.bytesReturned - bytesBefore).toBe(positions * perPosition);
    expect(perPosition).toBeLessThan(vocabularySize * 4);
  });
});
