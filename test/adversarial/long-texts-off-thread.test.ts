/**
 * Adversarial: very long texts (issue 15, finding 6). Tokenizing runs off the main thread, so
 * `/health` answers while a megabyte is tokenized; the ids are exactly the main thread's; a
 * prompt that cannot fit the context is refused before tokenizing; `/tokenize` takes a queue slot
 * (429 when the queue is full). Oracles: node-llama-cpp's tokenizer called on the main thread
 * (llama.cpp's), the order in which the two answers arrive, and the queue's limits.
 */
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { createApp } from "../../src/server/index.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";
import { postJson } from "../server/request.js";

const sentence = "Once upon a time there was a little dog named Max. He liked to run in the park. ";

describe.skipIf(!requireTestModel())("long texts over the engine", () => {
  let model: LogprobModel;
  let server: RunningServer;
  beforeAll(async () => {
    const { loadModel } = await import("../../src/engine/index.js");
    model = await loadModel({ model: testModelPath, parallel: 2, contextSize: 256, gpu: false });
    server = await startServer({ models: model, port: 0, host: "127.0.0.1", log: () => {} });
  }, 60_000);
  afterAll(async () => {
    await server?.close(0);
    await model?.close?.();
  });

  it("a long text's ids from the tokenizer thread equal the main thread's", async () => {
    const text = `${sentence.repeat(600)}\u00e9\ud83d\ude00 <s> end`;
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const vocabulary = await llama.loadModel({ modelPath: testModelPath, vocabOnly: true });
    const expected = vocabulary.tokenize(text, false) as number[];
    await vocabulary.dispose();
    expect(text.length).toBeGreaterThan(16 * 1024);
    expect(await model.tokenize!(text)).toEqual(expected);
  });

  it("/health answers while a megabyte is being tokenized", async () => {
    const text = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
    const order: string[] = [];
    const tokenizing = fetch(`${server.url}/tokenize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: text }),
    }).then(async (response) => {
      order.push("tokenize");
      return (await response.json()) as { count: number };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await fetch(`${server.url}/health`);
    order.push("health");
    expect(health.status).toBe(200);
    const counted = await tokenizing;
    expect(counted.count).toBeGreaterThan(100_000);
    expect(order).toEqual(["health", "tokenize"]);
  });

  it("a prompt far longer than the context is refused before it is tokenized", async () => {
    const app = createApp({ models: model, log: () => {} });
    const response = await postJson(app, "/v1/completions", {
      prompt: sentence.repeat(20_000),
      max_tokens: 1,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; param: string; message: string } };
    expect(body.error.code).toBe("context_length_exceeded");
    expect(body.error.param).toBe("prompt");
    expect(body.error.message).toMatch(/bytes/);
  });
});

describe("/tokenize takes a queue slot", () => {
  it("429 when every slot and the queue are taken", async () => {
    const app = createApp({
      models: createEchoFakeModel({ delayMs: 40 }),
      log: () => {},
      maxConcurrent: 1,
      maxQueue: 0,
    });
    const busy = postJson(app, "/v1/completions", { prompt: "a b c d", max_tokens: 4 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await postJson(app, "/tokenize", { prompt: "hello" });
    expect(refused.status).toBe(429);
    expect((await busy).status).toBe(200);
    expect((await postJson(app, "/tokenize", { prompt: "hello" })).status).toBe(200);
  });
});
