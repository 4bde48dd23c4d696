/**
 * A real round trip: the `openai-compatible` provider talks over HTTP (127.0.0.1, a free port) to
 * `logprobe serve`'s app, which serves the engine on the shared test model (stories260K.gguf).
 * Oracle: the same engine called directly in this process; every number read back through the
 * provider must equal the engine's own to 1e-6.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateEvent, GenerateRequest, GenerateResult, LogprobModel } from "../../src/core/model.js";
import type { TokenLogprob } from "../../src/core/types.js";
import { createProvider } from "../../src/providers/index.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const TOLERANCE = 1e-6;

/** Asserts that two token lists carry the same tokens, logprobs and alternatives (to 1e-6). */
function expectSameTokens(
  actual: readonly TokenLogprob[],
  expected: readonly TokenLogprob[],
  where: string,
): void {
  expect(
    actual.map((token) => token.token),
    `${where}: tokens`,
  ).toEqual(expected.map((token) => token.token));
  expected.forEach((token, index) => {
    const got = actual[index]!;
    if (token.logprob === null || got.logprob === null) {
      expect(got.logprob, `${where}: token ${index} logprob`).toBe(token.logprob);
    } else {
      expect(Math.abs(got.logprob - token.logprob), `${where}: token ${index} logprob`).toBeLessThan(
        TOLERANCE,
      );
    }
    expect(
      got.top.map((alternative) => alternative.token),
      `${where}: token ${index} alternatives`,
    ).toEqual(token.top.map((alternative) => alternative.token));
    token.top.forEach((alternative, rank) => {
      const difference = Math.abs((got.top[rank]?.logprob ?? Number.NaN) - alternative.logprob);
      expect(difference, `${where}: token ${index} alternative ${rank}`).toBeLessThan(TOLERANCE);
    });
  });
}

async function collect(events: AsyncIterable<GenerateEvent>) {
  const tokens: TokenLogprob[] = [];
  let done: GenerateResult | undefined;
  for await (const event of events) {
    if (event.type === "token") tokens.push(event.token);
    else done = event.result;
  }
  if (!done) throw new Error("no done event");
  return { tokens, done };
}

describe.skipIf(!requireTestModel())(
  "openai-compatible provider <-> logprobe serve (engine, stories260K)",
  () => {
    let engine: LogprobModel;
    let server: RunningServer;
    let provider: LogprobModel;

    beforeAll(async () => {
      const { loadModel } = await import("../../src/engine/index.js");
      engine = await loadModel({
        model: testModelPath,
        threads: 1,
        contextSize: 256,
        gpu: false,
        parallel: 2,
      });
      server = await startServer({
        models: engine,
        port: 0,
        host: "127.0.0.1",
        maxConcurrent: 2,
        log: () => {},
      });
      provider = createProvider({
        provider: "openai-compatible",
        model: engine.id,
        baseUrl: `${server.url}/v1`,
        maxRetries: 0,
      });
    }, 60_000);

    afterAll(async () => {
      await provider?.close?.();
      await server?.close(1000);
      await engine?.close?.();
    });

    const greedy: GenerateRequest = { prompt: "Once upon a time", maxTokens: 10, topLogprobs: 5 };

    it("generate: the same text, tokens, logprobs and top-5 as the engine", async () => {
      const direct = await engine.generate(greedy);
      const remote = await provider.generate(greedy);
      expect(remote.text).toBe(direct.text);
      expect(remote.finishReason).toBe(direct.finishReason);
      expect(remote.usage).toEqual(direct.usage);
      expectSameTokens(remote.sequence.tokens, direct.sequence.tokens, "generate");
      expect(remote.sequence.tokens.map((token) => token.textOffset)).toEqual(
        direct.sequence.tokens.map((token) => token.textOffset),
      );
      expect(remote.sequence.provenance).toMatchObject({
        source: "openai-compatible",
        distribution: "top-k",
      });
    });

    it("stream: tokens arrive one by one with the engine's numbers", async () => {
      const direct = await engine.generate(greedy);
      const { tokens, done } = await collect(provider.stream(greedy));
      expectSameTokens(tokens, direct.sequence.tokens, "stream events");
      expectSameTokens(done.sequence.tokens, direct.sequence.tokens, "stream result");
      expect(done.text).toBe(direct.text);
      expect(done.usage).toEqual(direct.usage);
    });

    it("seeded sampling with top-k and min-p reproduces the engine's draw", async () => {
      const request: GenerateRequest = {
        prompt: "The little dog",
        maxTokens: 12,
        topLogprobs: 3,
        sampling: { temperature: 0.9, topK: 40, minP: 0.05, seed: 1234 },
      };
      const direct = await engine.generate(request);
      const remote = await provider.generate(request);
      expect(remote.text).toBe(direct.text);
      expectSameTokens(remote.sequence.tokens, direct.sequence.tokens, "sampled");
    });

    it("echo: the prompt's logprobs equal the engine's, first token unconditioned", async () => {
      const request: GenerateRequest = {
        prompt: "Once upon a time there was a girl",
        maxTokens: 2,
        topLogprobs: 3,
        echo: true,
      };
      const direct = await engine.generate(request);
      const remote = await provider.generate(request);
      expect(remote.prompt).toBeDefined();
      expect(direct.prompt).toBeDefined();
      const directPrompt = direct.prompt!.tokens;
      const remotePrompt = remote.prompt!.tokens;
      // The OpenAI convention (what the server emits): the first echoed token has a null logprob.
      expect(remotePrompt[0]?.logprob).toBeNull();
      expectSameTokens(remotePrompt.slice(1), directPrompt.slice(1), "echo prompt");
      expect(remotePrompt.every((token) => token.prompt === true)).toBe(true);
      expectSameTokens(remote.sequence.tokens, direct.sequence.tokens, "echo continuation");
      expect(remote.text).toBe(direct.text);
    });

    it("stream with echo: events carry only the generated tokens; the prompt comes back in the result", async () => {
      const request: GenerateRequest = {
        prompt: "Once upon a time there was a girl",
        maxTokens: 3,
        topLogprobs: 2,
        echo: true,
      };
      const direct = await engine.generate(request);
      const { tokens, done } = await collect(provider.stream(request));
      expectSameTokens(tokens, direct.sequence.tokens, "echo stream events");
      expect(done.prompt).toBeDefined();
      expectSameTokens(done.prompt!.tokens.slice(1), direct.prompt!.tokens.slice(1), "echo stream prompt");
      expect(done.text).toBe(direct.text);
    });

    it("score: per-token logprobs equal the engine's; perplexity by hand over the conditioned tokens", async () => {
      const text = "Once upon a time, there was a little girl named Lily.";
      const direct = await engine.score({ text, topLogprobs: 2 });
      const remote = await provider.score({ text, topLogprobs: 2 });
      expect(remote.sequence.tokens.map((token) => token.token)).toEqual(
        direct.sequence.tokens.map((token) => token.token),
      );
      // Echo scoring cannot carry the BOS-conditioned first logprob (OpenAI's null), so the provider
      // scores tokens 1..n; the engine's numbers for those tokens are the oracle.
      expect(remote.bosConditioned).toBe(false);
      expectSameTokens(remote.sequence.tokens.slice(1), direct.sequence.tokens.slice(1), "score");
      const conditioned = direct.sequence.tokens.slice(1).map((token) => token.logprob!);
      const sum = conditioned.reduce((total, value) => total + value, 0);
      const bytes = new TextEncoder().encode(
        direct.sequence.tokens
          .slice(1)
          .map((token) => token.token)
          .join(""),
      ).length;
      expect(Math.abs(remote.perplexity - Math.exp(-sum / conditioned.length))).toBeLessThan(TOLERANCE);
      expect(Math.abs(remote.bitsPerByte - -sum / (Math.LN2 * bytes))).toBeLessThan(TOLERANCE);
    });

    it("chat: messages through the server's chat template give the engine's tokens", async () => {
      if (!engine.capabilities.chat) return;
      const request: GenerateRequest = {
        messages: [{ role: "user", content: "Tell me a story." }],
        maxTokens: 6,
        topLogprobs: 2,
      };
      const direct = await engine.generate(request);
      const remote = await provider.generate(request);
      expect(remote.text).toBe(direct.text);
      expectSameTokens(remote.sequence.tokens, direct.sequence.tokens, "chat");
    });
  },
);
