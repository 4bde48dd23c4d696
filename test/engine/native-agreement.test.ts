/**
 * The native evaluator (src/engine/native) against the plain node-llama-cpp evaluator and against
 * llama.cpp's own tools, on the shared test model (stories260K.gguf).
 *
 * Oracles:
 * - node-llama-cpp's probability lists (`createLlamaEvaluator`), same batch shapes: agreement 1e-4;
 * - llama-server's top-5 after "Once upon a time" (../shared/notes/peers.md), tolerance 1e-3 because
 *   llama-server evaluated token by token and ggml's batch size moves values by up to 2.2e-3;
 * - llama-perplexity built from the llama.cpp source bundled with node-llama-cpp 3.21.1 (commit
 *   80fb11a), recorded with:
 *     llama-perplexity -m stories260K.gguf -f story.txt -c 128 -b 128 -t 1
 *   where story.txt is STORY below plus a trailing newline. It printed
 *     [1]2.5513,[2]2.7772,[3]2.6737,[4]2.8656,  Final estimate: PPL = 2.8656 +/- 0.24107
 *   and `llama-tokenize -m stories260K.gguf -f story.txt --ids` printed 539 ids (BOS included).
 *   That was on an AMD EPYC with AVX2. The same llama.cpp on AVX-512 CPUs (an Intel Xeon, and an
 *   AMD EPYC of family 26) gives 2.8660 per window [2.5513, 2.7774, 2.6740, 2.8660]: float sums
 *   of another SIMD width round differently. Measured on the AVX-512 EPYC: our OpenMP kernels
 *   2.86595922, node-llama-cpp's prebuilt kernels 2.86596960; the largest relative gap to the
 *   recorded oracle is 1.4e-4 (PPL) and 1.2e-4 (window 3). The oracle is therefore checked to a
 *   relative 3e-4 (about twice the spread seen across AVX2/AVX-512, OpenMP/prebuilt).
 */
import type { Llama, LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evaluator } from "../../src/engine/evaluator.js";
import { createLlamaEvaluator } from "../../src/engine/llama-evaluator.js";
import { chunkedPerplexity } from "../../src/engine/native/chunked-perplexity.js";
import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { createNativeEvaluator, nativeTimingsOf } from "../../src/engine/native/native-evaluator.js";
import type { PositionQuery, PositionStats } from "../../src/engine/position-stats.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const STORY = `Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball under a tree. She ran to the ball and picked it up. It was very shiny and round.
Lily wanted to show the ball to her mom. She ran home as fast as she could. "Mom, look what I found!" she said. Her mom smiled and said, "That is a very nice ball, Lily. Where did you find it?"
Lily told her mom about the tree in the park. Her mom said, "Maybe the ball belongs to someone else. We should go back and see if anyone is looking for it."
So Lily and her mom went back to the park. They saw a little boy sitting under the tree. He was sad and crying. Lily asked him, "Why are you sad?" The boy said, "I lost my red ball. It was my favorite toy."
Lily gave the ball to the boy. He was so happy! He said, "Thank you, Lily! You are a good friend." Lily felt happy too. They played with the ball together all day long. From that day on, Lily and the boy were best friends.
One sunny morning, a small dog named Max went for a walk with his friend Tim. They walked to the big pond near the farm. Max saw a duck swimming in the water. He wanted to play with the duck, so he jumped into the pond.
`;

const BOS = 1;
const TOLERANCE = 1e-4;
/** llama-perplexity recorded on another CPU: see the header for the measured spread. */
const ORACLE_RELATIVE_TOLERANCE = 3e-4;
/**
 * Native and node-llama-cpp paths in one process use the same registered CPU kernels; only batch
 * shapes differ. Measured on the AVX-512 EPYC: 1.5e-9 relative with the OpenMP kernels, 2.6e-11
 * with the prebuilt ones.
 */
const SAME_KERNELS_TOLERANCE = 1e-7;

function relativeDifference(value: number, reference: number): number {
  return Math.abs(value - reference) / Math.abs(reference);
}

function nativeRequired(): boolean {
  const status = loadNativeAddon();
  if (status.available) return true;
  if (process.env.CI === "true") throw new Error(`CI needs the native addon: ${status.reason}`);
  return false;
}

const run = requireTestModel() && nativeRequired();

function expectSameStats(a: PositionStats | undefined, b: PositionStats | undefined, where: string): void {
  expect(a, where).toBeDefined();
  expect(b, where).toBeDefined();
  if (!a || !b) return;
  expect(Math.abs(a.entropy - b.entropy), `${where} entropy`).toBeLessThan(TOLERANCE);
  expect(a.argmax.id, `${where} argmax`).toBe(b.argmax.id);
  expect(Math.abs(a.argmax.logprob - b.argmax.logprob), `${where} argmax logprob`).toBeLessThan(TOLERANCE);
  if (a.targetLogprob !== undefined || b.targetLogprob !== undefined) {
    expect(Math.abs(a.targetLogprob! - b.targetLogprob!), `${where} target logprob`).toBeLessThan(TOLERANCE);
    expect(a.targetRank, `${where} rank`).toBe(b.targetRank);
  }
  expect(a.top.length, `${where} top length`).toBe(b.top.length);
  a.top.forEach((entry, i) => {
    expect(Math.abs(entry.logprob - b.top[i]!.logprob), `${where} top[${i}]`).toBeLessThan(TOLERANCE);
  });
}

describe.skipIf(!run)("native evaluator", () => {
  let llama: Llama;
  let model: LlamaModel;
  let native: Evaluator;
  let fallback: Evaluator;
  let tokens: number[];

  beforeAll(async () => {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    model = await llama.loadModel({ modelPath: testModelPath });
    fallback = await createLlamaEvaluator(model, {
      contextSize: 512,
      parallel: 2,
      threads: 2,
      batchSize: 512,
    });
    native = await createNativeEvaluator(testModelPath, {
      contextSize: 512,
      parallel: 2,
      threads: 2,
      batchSize: 512,
    });
    tokens = [BOS, ...model.tokenize(STORY)];
  });

  afterAll(async () => {
    await native?.close();
    await fallback?.close();
    await model?.dispose();
  });

  it("tokenizes the story as llama-tokenize does (539 ids with BOS)", () => {
    expect(tokens.length).toBe(539);
  });

  it("agrees with node-llama-cpp to 1e-4 at every position of a 128-token batch", async () => {
    const input = tokens.slice(0, 128);
    const queries: PositionQuery[] = input.map((_, i) =>
      i + 1 < input.length ? { target: input[i + 1]!, topK: 5 } : { topK: 5 },
    );
    const a = await native.acquire();
    const b = await fallback.acquire();
    try {
      const statsA = await a.evaluate(input, queries);
      const statsB = await b.evaluate(input, queries);
      for (let i = 0; i < input.length; i++) expectSameStats(statsA[i], statsB[i], `position ${i}`);
      // The targets are real text, so ranks vary: make sure the comparison saw non-trivial values.
      expect(new Set(statsA.map((s) => s?.targetRank)).size).toBeGreaterThan(3);
    } finally {
      a.release();
      b.release();
    }
  });

  it("returns the same full distribution as node-llama-cpp when asked (to 1e-4)", async () => {
    const input = tokens.slice(0, 20);
    const queries = input.map((_, i) => (i === input.length - 1 ? { topK: 3, full: true } : undefined));
    const a = await native.acquire();
    const b = await fallback.acquire();
    try {
      const fullA = (await a.evaluate(input, queries))[input.length - 1]?.logprobs;
      const fullB = (await b.evaluate(input, queries))[input.length - 1]?.logprobs;
      expect(fullA?.length).toBe(512);
      let maxDiff = 0;
      let sum = 0;
      for (let id = 0; id < 512; id++) {
        maxDiff = Math.max(maxDiff, Math.abs(fullA![id]! - fullB![id]!));
        sum += Math.exp(fullA![id]!);
      }
      expect(maxDiff).toBeLessThan(TOLERANCE);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
    } finally {
      a.release();
      b.release();
    }
  });

  it("matches llama-server's top-5 after 'Once upon a time' (peers.md, within ggml's batch effect)", async () => {
    const prompt = [BOS, 403, 407, 261, 378];
    const sequence = await native.acquire();
    try {
      const stats = await sequence.evaluate(prompt, [
        undefined,
        undefined,
        undefined,
        undefined,
        { topK: 5 },
      ]);
      const top = stats[4]!.top;
      expect(top.map((t) => t.id)).toEqual([432, 383, 322, 353, 323]);
      expect(model.detokenize([top[0]!.id as never])).toBe(",");
      const expected = [-0.03178, -3.5473, -8.1195, -8.2435, -8.6916];
      for (let i = 0; i < 5; i++) expect(Math.abs(top[i]!.logprob - expected[i]!)).toBeLessThan(1e-3);
    } finally {
      sequence.release();
    }
  });

  it("reproduces llama-perplexity's PPL 2.8656 and per-window values (-c 128), as does the fallback", async () => {
    const expected = [2.5513, 2.7772, 2.6737, 2.8656];
    const results = [];
    for (const evaluator of [native, fallback]) {
      const result = await chunkedPerplexity(evaluator, tokens, 128, BOS);
      expect(result.scored).toBe(4 * 63);
      const name = evaluator.info.name;
      expect(relativeDifference(result.perplexity, 2.8656), name).toBeLessThan(ORACLE_RELATIVE_TOLERANCE);
      for (const [i, p] of result.perWindow.entries()) {
        const gap = relativeDifference(p, expected[i]!);
        expect(gap, `${name} window ${i}`).toBeLessThan(ORACLE_RELATIVE_TOLERANCE);
      }
      results.push(result);
    }
    // Same process, same CPU kernels: the two paths must agree far more tightly than with the oracle.
    const [ours, theirs] = results;
    expect(relativeDifference(ours!.perplexity, theirs!.perplexity)).toBeLessThan(SAME_KERNELS_TOLERANCE);
  });

  it("packs windows as llama-perplexity -b 512 -c 128 does: four at once, same PPL, one decode", async () => {
    const packed = await createNativeEvaluator(testModelPath, {
      contextSize: 128,
      parallel: 4,
      threads: 2,
      batchSize: 512,
    });
    try {
      const alone = await chunkedPerplexity(native, tokens, 128, BOS);
      const timings = nativeTimingsOf(packed)!;
      const result = await chunkedPerplexity(packed, tokens, 128, BOS, 4);
      // The four windows waited together and fit one batch of 512 tokens: one decode.
      expect(timings.decodes).toBe(1);
      expect(result.scored).toBe(alone.scored);
      expect(relativeDifference(result.perplexity, 2.8656)).toBeLessThan(ORACLE_RELATIVE_TOLERANCE);
      // Each window is scored from an empty sequence either way; the packed decode runs the kernels
      // over 512 rows instead of 128, and llama.cpp's prompt-sized kernels round alike here.
      expect(relativeDifference(result.perplexity, alone.perplexity)).toBeLessThan(SAME_KERNELS_TOLERANCE);
      for (const [i, p] of result.perWindow.entries())
        expect(relativeDifference(p, alone.perWindow[i]!)).toBeLessThan(SAME_KERNELS_TOLERANCE);
    } finally {
      await packed.close();
    }
  });

  it("token-by-token generation steps and truncation agree with node-llama-cpp (same batch shapes)", async () => {
    const prompt = tokens.slice(0, 12);
    const steps = tokens.slice(12, 20);
    const other = tokens.slice(30, 34);
    const results: PositionStats[][] = [];
    for (const evaluator of [native, fallback]) {
      const sequence = await evaluator.acquire();
      const out: PositionStats[] = [];
      try {
        const promptStats = await sequence.evaluate(
          prompt,
          prompt.map((_, i) => (i === prompt.length - 1 ? { target: steps[0]!, topK: 4 } : undefined)),
        );
        out.push(promptStats[prompt.length - 1]!);
        for (let i = 0; i < steps.length; i++) {
          const next = steps[i + 1];
          const [stats] = await sequence.evaluate(
            [steps[i]!],
            [next !== undefined ? { target: next, topK: 4 } : { topK: 4 }],
          );
          out.push(stats!);
        }
        expect(sequence.tokens).toEqual([...prompt, ...steps]);
        // Branch: forget the steps and continue with other tokens from the end of the prompt.
        await sequence.truncate(prompt.length);
        expect(sequence.tokens).toEqual(prompt);
        const branched = await sequence.evaluate(
          other,
          other.map(() => ({ topK: 4 })),
        );
        out.push(...branched.map((s) => s!));
      } finally {
        sequence.release();
      }
      results.push(out);
    }
    const [a, b] = results;
    expect(a!.length).toBe(1 + steps.length + other.length);
    for (let i = 0; i < a!.length; i++) expectSameStats(a![i], b![i], `step ${i}`);
  });

  it("serves two sequences at once (merged into one decode) with the same numbers as one at a time", async () => {
    const first = tokens.slice(100, 140);
    const second = tokens.slice(300, 325);
    const ask = (input: number[]) =>
      input.map((_, i) => (i + 1 < input.length ? { target: input[i + 1]!, topK: 3 } : { topK: 3 }));
    const alone: (PositionStats | undefined)[][] = [];
    for (const input of [first, second]) {
      const sequence = await native.acquire();
      try {
        alone.push(await sequence.evaluate(input, ask(input)));
      } finally {
        sequence.release();
      }
    }
    const [s1, s2] = await Promise.all([native.acquire(), native.acquire()]);
    try {
      const together = await Promise.all([
        s1!.evaluate(first, ask(first)),
        s2!.evaluate(second, ask(second)),
      ]);
      for (const [which, stats] of together.entries()) {
        for (let i = 0; i < stats.length; i++) {
          expectSameStats(stats[i], alone[which]![i], `sequence ${which} position ${i}`);
        }
      }
    } finally {
      s1!.release();
      s2!.release();
    }
  });

  it("rejects tokens outside the vocabulary with a clear error and keeps working", async () => {
    const sequence = await native.acquire();
    try {
      await expect(sequence.evaluate([BOS, 99999], [undefined, { topK: 1 }])).rejects.toThrow(/vocabulary/);
      expect(sequence.tokens).toEqual([]);
      const [stats] = await sequence.evaluate([BOS], [{ topK: 1 }]);
      expect(stats?.argmax.id).toBeGreaterThanOrEqual(0);
    } finally {
      sequence.release();
    }
  });
});

describe.skipIf(!run)("native context", () => {
  it("merges steps of concurrent sequences into one decode", async () => {
    const { NativeContext } = await import("../../src/engine/native/native-context.js");
    const context = await NativeContext.open(testModelPath, {
      contextSize: 64,
      batchSize: 64,
      threads: 1,
      sequences: 3,
    });
    try {
      const steps = [0, 1, 2].map((sequence) =>
        context.evaluate(sequence, 0, [BOS, 403 + sequence], [undefined, { topK: 2 }]),
      );
      const results = await Promise.all(steps);
      expect(context.timings.decodes).toBe(1);
      expect(context.timings.positions).toBe(3);
      for (const [i, stats] of results.entries()) expect(stats[1]?.top.length, `sequence ${i}`).toBe(2);
    } finally {
      await context.close();
    }
  });

  it("hands JavaScript O(k) bytes per position, and V floats only when the full distribution is asked", async () => {
    const { NativeContext } = await import("../../src/engine/native/native-context.js");
    const context = await NativeContext.open(testModelPath, {
      contextSize: 64,
      batchSize: 64,
      threads: 1,
      sequences: 1,
    });
    try {
      const input = [BOS, 403, 407, 261, 378, 432, 383, 322];
      await context.evaluate(
        0,
        0,
        input,
        input.map(() => ({ topK: 5 })),
      );
      // Per position: log-sum-exp, target logprob, entropy (8 bytes each), rank (4), 5 ids and 5 logprobs (4 each).
      expect(context.timings.positions).toBe(input.length);
      expect(context.timings.bytesReturned).toBe(input.length * (3 * 8 + 4 + 5 * 4 + 5 * 4));
      const before = context.timings.bytesReturned;
      await context.rewind(0, 0);
      await context.evaluate(
        0,
        0,
        input,
        input.map((_, i) => (i === input.length - 1 ? { topK: 5, full: true } : undefined)),
      );
      expect(context.timings.bytesReturned - before).toBe(3 * 8 + 4 + 5 * 4 + 5 * 4 + 512 * 4);
    } finally {
      await context.close();
    }
  });
});
