/**
 * The shared model conformance suite over the server round trip: a model served by the server,
 * read back through the providers' OpenAI-compatible client (`createProvider`), must behave like
 * any other backend. Runs on the fake bigram model (no native code) and, when the test model is
 * present, on the engine.
 */
import { describe } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { createProvider } from "../../src/providers/index.js";
import { startServer } from "../../src/server/node.js";
import { describeModelConformance } from "../conformance/model-conformance.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";
import { createEchoFakeModel } from "./echo-fake-model.js";

/** Serves `model` on a free port and returns a provider that talks to it; closing it stops both. */
async function serveRoundTrip(model: LogprobModel): Promise<LogprobModel> {
  const server = await startServer({
    models: model,
    port: 0,
    host: "127.0.0.1",
    apiKey: "round-trip",
    log: () => {},
  });
  const provider = createProvider({
    provider: "openai-compatible",
    model: model.id,
    baseUrl: `${server.url}/v1`,
    apiKey: "round-trip",
    maxRetries: 0,
    maxTopLogprobs: model.capabilities.maxTopLogprobs,
  });
  const close = async () => {
    await provider.close?.();
    await server.close(1000);
    await model.close?.();
  };
  return Object.assign(Object.create(Object.getPrototypeOf(provider)), provider, { close }) as LogprobModel;
}

// The fake is slowed down (30 ms a token) so that an abort can land mid-stream; from " on" its
// greedy continuation is ". the sat" then EOS.
describeModelConformance(
  "server round trip (fake bigram model)",
  () => serveRoundTrip(createEchoFakeModel({ delayMs: 30 })),
  {
    deterministic: true,
    prompt: " on",
    scoreText: " the cat sat on the mat",
  },
);

describe.skipIf(!requireTestModel())("engine", () => {
  describeModelConformance(
    "server round trip (engine, stories260K)",
    async () => {
      const { loadModel } = await import("../../src/engine/index.js");
      return serveRoundTrip(await loadModel({ model: testModelPath, parallel: 2, contextSize: 256 }));
    },
    { deterministic: true, maxTokens: 6 },
  );
});
