/**
 * Loading and limits: invalid load options and unusable files give typed errors naming the
 * problem; requests longer than the context give ContextOverflowError; tokenization equals
 * llama.cpp's (llama-server /tokenize, recorded in __fixtures__/llama-cpp-oracles.json).
 * node-llama-cpp and the native path round context sizes up to a multiple of 256.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContextOverflowError, InvalidInputError, ModelLoadError } from "../../src/core/errors.js";
import { type EngineModel, loadModel } from "../../src/engine/index.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";
import { llamaCppOracles } from "./oracles.js";

describe("loadModel option checks", () => {
  it("rejects out-of-range options naming the field", async () => {
    await expect(loadModel({ model: testModelPath, contextSize: 8 })).rejects.toMatchObject({
      field: "contextSize",
      message: "contextSize must be an integer from 16 to 1048576",
    });
    await expect(loadModel({ model: testModelPath, parallel: 0 })).rejects.toMatchObject({
      field: "parallel",
    });
    await expect(loadModel({ model: testModelPath, gpu: "cuda" as never })).rejects.toMatchObject({
      field: "gpu",
    });
    await expect(loadModel({ model: testModelPath, bogus: 1 } as never)).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it("rejects a file that is not a GGUF model with ModelLoadError", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "logprobe-load-")), "broken.gguf");
    writeFileSync(path, "this is not a GGUF file");
    const error = await loadModel({ model: path, threads: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).message).toContain("could not load");
  });
});

describe.skipIf(!requireTestModel())("limits (stories260K, context 256)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine({ contextSize: 256 });
  });
  afterAll(async () => {
    await model.close();
  });

  it("describes itself", () => {
    expect(model.id).toBe("stories260K.gguf");
    expect(model.source).toBe("engine");
    expect(model.path).toBe(testModelPath);
    expect(model.contextSize).toBe(256);
    expect(model.vocabularySize).toBe(512);
    expect(model.capabilities.maxTopLogprobs).toBe(20);
  });

  it("tokenizes like llama.cpp and detokenizes back", async () => {
    const tokens = await model.tokenize(llamaCppOracles.text);
    expect(tokens).toEqual(llamaCppOracles.tokens);
    expect(await model.detokenize(tokens)).toBe(llamaCppOracles.text);
    await expect(model.detokenize([0, 512])).rejects.toMatchObject({ field: "tokens.1" });
  });

  it("throws ContextOverflowError for a prompt or a maxTokens that does not fit", async () => {
    const long = ` ${llamaCppOracles.text}`.repeat(5);
    const longTokens = (await model.tokenize(long)).length;
    expect(longTokens).toBeGreaterThan(256);
    const error = await model.generate({ prompt: long, maxTokens: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContextOverflowError);
    expect((error as ContextOverflowError).contextSize).toBe(256);
    expect((error as ContextOverflowError).tokens).toBe(1 + longTokens);
    await expect(model.generate({ prompt: "Once upon a time", maxTokens: 252 })).rejects.toBeInstanceOf(
      ContextOverflowError,
    );
    await expect(
      model.beamSearch({ prompt: "Once upon a time", width: 2, maxTokens: 252 }),
    ).rejects.toBeInstanceOf(ContextOverflowError);
  });

  it("fills the rest of the context when maxTokens is not given, and scores longer texts in windows", async () => {
    const result = await model.generate({ prompt: "Once upon a time" });
    expect(result.usage.promptTokens + result.usage.completionTokens).toBeLessThanOrEqual(256);
    const scored = await model.score({ text: ` ${llamaCppOracles.text}`.repeat(5) });
    expect(scored.sequence.tokens.every((token) => token.logprob !== null)).toBe(true);
  });

  it("refuses requests once closed", async () => {
    const other = await loadTestEngine({ contextSize: 256 });
    await other.close();
    await expect(other.generate({ prompt: "a" })).rejects.toBeInstanceOf(InvalidInputError);
    await other.close();
  });
});
