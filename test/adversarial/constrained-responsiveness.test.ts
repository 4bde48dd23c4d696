/**
 * Structured output keeps the server responsive (issue 26, finding 1): the grammar runs in the
 * native sampling step, off the JavaScript thread, so `/health` answers within 200 ms during a
 * constrained request (the goal), and a constrained request stops at the request timeout
 * between tokens like any other. Oracles: the wall clock around each `/health` call, the order in
 * which the answers arrive, and the server's own status for a timed-out request (504
 * request_timeout, answered soon after the limit instead of after every token).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const enumSchema = {
  type: "object",
  properties: {
    pick: { enum: Array.from({ length: 1000 }, (_, index) => `choice number ${index} of a long list`) },
    words: { type: "array", items: { type: "string" } },
  },
  required: ["pick", "words"],
};

/**
 * The enum schema with at least 400 words: no answer can end before max_tokens, so the request
 * runs until its timeout whatever the machine's speed (with `words` free to be empty, the built
 * OpenMP kernels finished it within the 150 ms limit).
 */
const unendingSchema = {
  ...enumSchema,
  properties: {
    ...enumSchema.properties,
    words: { type: "array", items: { type: "string" }, minItems: 400 },
  },
};

async function post(server: RunningServer, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

describe.skipIf(!requireTestModel())("constrained requests leave the server responsive", () => {
  let model: LogprobModel;
  let server: RunningServer;
  beforeAll(async () => {
    const { loadModel } = await import("../../src/engine/index.js");
    model = await loadModel({ model: testModelPath, parallel: 2, contextSize: 512, gpu: false, threads: 1 });
    server = await startServer({ models: model, port: 0, host: "127.0.0.1", log: () => {} });
  }, 60_000);
  afterAll(async () => {
    await server?.close(0);
    await model?.close?.();
  });

  for (const [name, format] of [
    ["json_object", { type: "json_object" }],
    ["a 1,000-value enum schema", { type: "json_schema", json_schema: { name: "pick", schema: enumSchema } }],
  ] as const) {
    it(`/health answers within 200 ms during a ${name} request`, async () => {
      let done = false;
      const request = post(server, {
        messages: [{ role: "user", content: "Once upon a time" }],
        max_tokens: 400,
        temperature: 1,
        seed: 5,
        response_format: format,
      }).then(async (response) => {
        done = true;
        return response;
      });
      const latencies: number[] = [];
      await new Promise((resolve) => setTimeout(resolve, 20));
      while (!done) {
        const started = performance.now();
        const health = await fetch(`${server.url}/health`);
        latencies.push(performance.now() - started);
        expect(health.status).toBe(200);
        await health.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const response = await request;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: { message: { content: string } }[] };
      expect(latencies.length).toBeGreaterThan(0);
      expect(Math.max(...latencies)).toBeLessThan(200);
      if (body.choices[0]!.message.content.length > 0)
        expect(body.choices[0]!.message.content.trimStart()[0]).toBe("{");
    }, 60_000);
  }
});

describe.skipIf(!requireTestModel())(
  "a constrained request honours the request timeout between tokens",
  () => {
    let model: LogprobModel;
    let server: RunningServer;
    beforeAll(async () => {
      const { loadModel } = await import("../../src/engine/index.js");
      model = await loadModel({
        model: testModelPath,
        parallel: 1,
        contextSize: 512,
        gpu: false,
        threads: 1,
      });
      server = await startServer({
        models: model,
        port: 0,
        host: "127.0.0.1",
        log: () => {},
        requestTimeoutMs: 150,
      });
    }, 60_000);
    afterAll(async () => {
      await server?.close(0);
      await model?.close?.();
    });

    it("stops at the timeout instead of running every token, and the next request is served", async () => {
      const started = performance.now();
      const response = await post(server, {
        messages: [{ role: "user", content: "Once upon a time" }],
        max_tokens: 450,
        temperature: 1,
        seed: 9,
        response_format: { type: "json_schema", json_schema: { name: "pick", schema: unendingSchema } },
      });
      const body = (await response.json()) as { error: { code: string } };
      const elapsed = performance.now() - started;
      expect(response.status).toBe(504);
      expect(body.error.code).toBe("request_timeout");
      // 450 constrained tokens take seconds here; the answer comes one token after the 150 ms limit
      // (the bound is loose for a loaded machine; the attack saw 597 s for a 300 s limit).
      expect(elapsed).toBeLessThan(5_000);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
    }, 60_000);
  },
);
