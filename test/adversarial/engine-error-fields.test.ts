/**
 * Adversarial inputs to the server over the real engine (stories260K, 512-token vocabulary,
 * context 256): errors name the request's own fields (issue 15, finding 12), `max_tokens` past
 * the context is `context_length_exceeded`, and an echoed prompt with a lone surrogate is well
 * formed (finding 14). Oracles: OpenAI's error shape and field names (the request body's keys),
 * the model's vocabulary size and context from its GGUF header, and ECMAScript's
 * String.prototype.isWellFormed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { createApp } from "../../src/server/index.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";
import { postJson } from "../server/request.js";

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

describe.skipIf(!requireTestModel())("engine errors and echo, through the server", () => {
  let model: LogprobModel;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const { loadModel } = await import("../../src/engine/index.js");
    model = await loadModel({ model: testModelPath, parallel: 2, contextSize: 256, gpu: false });
    app = createApp({ models: model, log: () => {}, maxTokensLimit: 100_000 });
  }, 60_000);
  afterAll(async () => {
    await model?.close?.();
  });

  const cases: [string, string, Record<string, unknown>, string, string][] = [
    [
      "max_tokens past the context",
      "/v1/completions",
      { prompt: "Once", max_tokens: 5000 },
      "max_tokens",
      "context_length_exceeded",
    ],
    [
      "chat max_completion_tokens past the context",
      "/v1/chat/completions",
      { messages: [{ role: "user", content: "Hi" }], max_completion_tokens: 300 },
      "max_completion_tokens",
      "context_length_exceeded",
    ],
    [
      "generate max_tokens past the context",
      "/v1/generate",
      { prompt: "Once", max_tokens: 257 },
      "max_tokens",
      "context_length_exceeded",
    ],
    [
      "top_k past the vocabulary",
      "/v1/completions",
      { prompt: "Once", max_tokens: 2, top_k: 100_000 },
      "top_k",
      "invalid_value",
    ],
    ["a token id past the vocabulary", "/detokenize", { tokens: [99_999] }, "tokens[0]", "invalid_value"],
    [
      "window_size past the context",
      "/v1/score",
      { input: "Once upon a time", window_size: 100_000 },
      "window_size",
      "invalid_value",
    ],
    [
      "a prefix token past the vocabulary",
      "/v1/branch",
      { prompt: "Once", prefix_tokens: [99_999], forced_token: 5, max_tokens: 2 },
      "prefix_tokens[0]",
      "invalid_value",
    ],
    [
      "a forced token past the vocabulary",
      "/v1/branch",
      { prompt: "Once", prefix_tokens: [], forced_token: 99_999, max_tokens: 2 },
      "forced_token",
      "invalid_value",
    ],
  ];
  for (const [name, path, body, param, code] of cases) {
    it(`${name}: 400, param ${param}, code ${code}, no internal name in the message`, async () => {
      const response = await postJson(app, path, body);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.param).toBe(param);
      expect(error.code).toBe(code);
      expect(error.message).not.toMatch(
        /maxTokens|sampling\.|topK|windowSize|prefixTokens|forcedToken|tokens\.0/,
      );
    });
  }

  it("echo of a prompt with lone surrogates: text and tokens are well formed, offsets unchanged", async () => {
    for (const stream of [false, true]) {
      const response = await postJson(app, "/v1/completions", {
        prompt: "a\ud800b\udc00c",
        max_tokens: 0,
        echo: true,
        logprobs: 1,
        stream,
      });
      expect(response.status).toBe(200);
      const raw = await response.text();
      // The wire text has no surrogate escape at all, so strict decoders accept it.
      expect(raw).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
      const texts = stream
        ? raw
            .split("\n")
            .filter((line) => line.startsWith("data: {"))
            .map(
              (line) => (JSON.parse(line.slice(6)) as { choices: { text: string }[] }).choices[0]?.text ?? "",
            )
        : [(JSON.parse(raw) as { choices: { text: string }[] }).choices[0]!.text];
      const text = texts.join("");
      expect(text).toBe("a\ufffdb\ufffdc");
      // ES2024's isWellFormed (the project's lib is ES2023).
      expect((text as unknown as { isWellFormed(): boolean }).isWellFormed()).toBe(true);
    }
  });
});
