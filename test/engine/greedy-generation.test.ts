/**
 * Greedy generation on the shared test model against outside oracles:
 * - the known continuation in ../shared/models/README.md;
 * - llama.cpp's own per-token logprobs and top-5 (llama-server, __fixtures__/llama-cpp-oracles.json),
 *   and the top-5 after "Once upon a time" in ../shared/notes/peers.md.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";
import { BATCH_SHAPE_TOLERANCE, llamaCppOracles } from "./oracles.js";

/** From ../shared/models/README.md ("Known behaviour"). */
const readmeContinuation =
  ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball.";

describe.skipIf(!requireTestModel())("greedy generation (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model.close();
  });

  it("reproduces the known continuation of the models README", async () => {
    const result = await model.generate({ prompt: "Once upon a time", maxTokens: 40 });
    expect(result.text.startsWith(readmeContinuation)).toBe(true);
    expect(result.text).toBe(llamaCppOracles.greedy.text);
    expect(result.finishReason).toBe("length");
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 40 });
    expect(result.sequence.provenance).toEqual({
      source: "engine",
      model: "stories260K.gguf",
      distribution: "raw",
      sampling: {},
      evaluator: model.evaluator,
    });
    // Which evaluator and device computed it: the native path on the CPU unless it is off.
    expect(model.evaluator.device).toBe("cpu");
    expect(model.evaluator.name).toBe(process.env.LOGPROBE_NATIVE === "0" ? "node-llama-cpp" : "native");
    expect(["openmp", "prebuilt"]).toContain(model.evaluator.cpuKernels);
  });

  it("matches llama.cpp's logprobs and top-5 token by token (<= 3e-3 across batch shapes)", async () => {
    const result = await model.generate({ prompt: "Once upon a time", maxTokens: 40, topLogprobs: 5 });
    const expected = llamaCppOracles.greedy.tokens;
    expect(result.sequence.tokens.map((token) => token.id)).toEqual(expected.map((token) => token.id));
    let worst = 0;
    result.sequence.tokens.forEach((token, index) => {
      const oracle = expected[index]!;
      worst = Math.max(worst, Math.abs(token.logprob! - oracle.logprob));
      expect(token.top.map((alternative) => alternative.id)).toEqual(
        oracle.top.map((alternative) => alternative.id),
      );
      token.top.forEach((alternative, rank) => {
        worst = Math.max(worst, Math.abs(alternative.logprob - oracle.top[rank]!.logprob));
      });
      expect(token.rank).toBe(1);
    });
    expect(worst).toBeLessThanOrEqual(BATCH_SHAPE_TOLERANCE);
  });

  it("gives the top-5 after 'Once upon a time' that ../shared/notes/peers.md lists (to 1e-3)", async () => {
    const result = await model.generate({ prompt: "Once upon a time", maxTokens: 1, topLogprobs: 5 });
    const first = result.sequence.tokens[0]!;
    const peers = [
      [",", -0.03178],
      [" there", -3.5473],
      [" in", -8.1195],
      [" on", -8.2435],
      ["ut", -8.6916],
    ] as const;
    first.top.forEach((alternative, index) => {
      expect(alternative.token).toBe(peers[index]![0]);
      expect(Math.abs(alternative.logprob - peers[index]![1])).toBeLessThan(1e-3);
    });
    // Hand-derived: the README says the first token has probability ~0.969.
    expect(Math.exp(first.logprob!)).toBeCloseTo(0.969, 3);
    expect(first.bytes).toEqual([44]);
  });

  it("echoes prompt logprobs conditioned on BOS, equal to llama.cpp's teacher-forced values", async () => {
    const result = await model.generate({
      prompt: llamaCppOracles.text,
      maxTokens: 0,
      echo: true,
      topLogprobs: 2,
    });
    expect(result.sequence.tokens).toHaveLength(0);
    const prompt = result.prompt!;
    expect(prompt.tokens.map((token) => token.id)).toEqual(llamaCppOracles.tokens);
    prompt.tokens.forEach((token, index) => {
      const oracle = llamaCppOracles.scored[index]!;
      expect(token.prompt).toBe(true);
      expect(Math.abs(token.logprob! - oracle.logprob)).toBeLessThanOrEqual(BATCH_SHAPE_TOLERANCE);
      expect(token.rank).toBe(oracle.rank);
    });
  });

  it("stops before a stop string and streams exactly the kept tokens", async () => {
    const request = { prompt: "Once upon a time", maxTokens: 40, stop: ["Lily"] };
    const result = await model.generate(request);
    expect(result.text).toBe(", there was a little girl named ");
    expect(result.finishReason).toBe("stop");
    const streamed = [];
    for await (const event of model.stream(request)) if (event.type === "token") streamed.push(event.token);
    expect(streamed).toEqual(result.sequence.tokens);
    // Tokens that start before the stop string are kept (" Lily" starts with the space before it),
    // while the text is cut exactly where the stop string begins.
    expect(result.sequence.tokens.map((token) => token.token).join("")).toBe(
      ", there was a little girl named Lily",
    );
  });

  it("gives text offsets that index the generated text", async () => {
    const result = await model.generate({ prompt: "Once upon a time", maxTokens: 12 });
    for (const token of result.sequence.tokens) {
      expect(result.text.slice(token.textOffset!, token.textOffset! + token.token.length)).toBe(token.token);
    }
  });

  it("formats chat messages (this model has no template: a generic one, with a warning)", async () => {
    const result = await model.generate({
      messages: [{ role: "user", content: "Tell me a story." }],
      maxTokens: 4,
    });
    expect(result.warnings.map((warning) => warning.code)).toContain("no-chat-template");
    expect(result.usage.promptTokens).toBeGreaterThan(4);
    expect(result.sequence.tokens.length).toBeGreaterThan(0);
  });
});
