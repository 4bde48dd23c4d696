/**
 * The benchmark's synthetic GGUF writer, checked against independent readers: node-llama-cpp's
 * GGUF parser (metadata, tensor shapes and types), llama.cpp itself (the file loads, tokenizes and
 * evaluates) and IEEE 754 half-precision bit patterns from the standard's tables.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { median, overheadPercent, ratio } from "../../bench/lib/stats.js";
import { asciiVocabulary, makeSyntheticGguf, SHAPES } from "../../bench/make-synthetic-gguf.js";
import { toHalf } from "../../native/gguf-writer.mjs";
import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { createNativeEvaluator } from "../../src/engine/native/native-evaluator.js";

describe("toHalf", () => {
  it("gives IEEE 754 binary16 bit patterns (values from the standard's tables)", () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(0.1)).toBe(0x2e66);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e5)).toBe(0x7c00);
    expect(toHalf(2 ** -24)).toBe(0x0001);
    expect(toHalf(0)).toBe(0);
  });
});

describe("bench statistics", () => {
  it("median, ratio and overhead by hand", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(ratio(9, 10)).toBe(0.9);
    expect(Number.isNaN(ratio(1, 0))).toBe(true);
    // 10 tokens/s with logprobs, 11 without: each token takes 10% longer.
    expect(overheadPercent(10, 11)).toBeCloseTo(10, 10);
  });
});

describe("asciiVocabulary", () => {
  it("has the requested size, unique plain-ASCII tokens (after the word marker) and three control tokens", () => {
    const { tokens, types } = asciiVocabulary(151_936);
    expect(tokens.length).toBe(151_936);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.slice(0, 3)).toEqual(["<unk>", "<s>", "</s>"]);
    expect(Array.from(types.slice(0, 4))).toEqual([2, 3, 3, 1]);
    for (const token of tokens.slice(3))
      expect(/^[\x09\x0a\x21-\x7e]*$/.test(token.replace(/\u2581/g, ""))).toBe(true);
  });
});

describe("makeSyntheticGguf (stories260k shape)", () => {
  let dir: string;
  let path: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "logprobe-gguf-"));
    path = makeSyntheticGguf({ shape: "stories260k", type: "f32", seed: 7, out: join(dir, "model.gguf") });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the shape's metadata and tensors as node-llama-cpp's GGUF parser reads them", async () => {
    const { readGgufFileInfo } = await import("node-llama-cpp");
    const info = await readGgufFileInfo(path);
    const shape = SHAPES.stories260k!;
    const llama = (info.metadata as { llama: Record<string, unknown> }).llama;
    expect(llama.block_count).toBe(shape.layers);
    expect(llama.embedding_length).toBe(shape.width);
    expect(llama.feed_forward_length).toBe(shape.feedForward);
    expect(info.metadata.tokenizer?.ggml?.tokens?.length).toBe(shape.vocab);
    const tensors = info.fullTensorInfo ?? [];
    expect(tensors.length).toBe(3 + 9 * shape.layers);
    const embd = tensors.find((t) => t.name === "token_embd.weight");
    expect(embd?.dimensions.map(Number)).toEqual([64, 512]);
  });

  it.skipIf(!loadNativeAddon().available)(
    "loads in llama.cpp; greedy decoding never picks a control token (logit 0)",
    async () => {
      const evaluator = await createNativeEvaluator(path, { contextSize: 64, parallel: 1, threads: 1 });
      const sequence = await evaluator.acquire();
      try {
        const stats = await sequence.evaluate(
          [1, 40, 41, 42],
          [undefined, undefined, undefined, { target: 2, topK: 3 }],
        );
        const last = stats[3]!;
        expect(Number.isFinite(last.entropy)).toBe(true);
        expect(last.argmax.id).toBeGreaterThan(2);
        // </s> has a zero output row, so its logit is exactly 0 and ranks below the maximum.
        expect(last.targetRank).toBeGreaterThan(1);
        expect(last.targetLogprob!).toBeLessThan(last.argmax.logprob);
      } finally {
        sequence.release();
        await evaluator.close();
      }
    },
  );
});
