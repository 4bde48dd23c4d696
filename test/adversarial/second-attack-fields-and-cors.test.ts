/**
 * The second attack run's server findings (issue 26): `/v1/responses` echoing a schema nested
 * 5,000 deep is a 400, streamed or not, never a 500 or a 200 then `event: error` (finding 4);
 * `--cors '*'` without an API key refuses to start and says why (finding 8); errors name the
 * request's own fields (finding 9: `max_output_tokens`, `text.format.schema`, `prompt[2]`,
 * `performer`, `base`) without garbling the message; `--also-model` naming a model already served
 * is refused (also seen). Oracles: the request bodies' own keys,
 * OpenAI's error shape, and the process's exit status and stderr.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServeOptions } from "../../src/cli/commands/serve.js";
import type { LogprobModel } from "../../src/core/model.js";
import { createApp } from "../../src/server/index.js";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";
import { postJson } from "../server/request.js";

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** A schema nested `levels` deep, as JSON text (JSON.stringify of it would overflow the stack here). */
function deepSchemaText(levels: number): string {
  return `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${"}}".repeat(levels)}`;
}

describe.skipIf(!requireTestModel())("second attack: field names and deep schemas over the engine", () => {
  let model: LogprobModel;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const { loadModel } = await import("../../src/engine/index.js");
    model = await loadModel({ model: testModelPath, contextSize: 256, gpu: false, threads: 1 });
    app = createApp({ models: model, log: () => {}, maxTokensLimit: 100_000 });
  }, 60_000);
  afterAll(async () => {
    await model?.close?.();
  });

  for (const stream of [false, true]) {
    it(`/v1/responses with a schema nested 5,000 deep: 400 naming text.format.schema (stream ${stream})`, async () => {
      const response = await postJson(
        app,
        "/v1/responses",
        `{"input":"Once","max_output_tokens":4,"stream":${stream},"text":{"format":{"type":"json_schema","name":"deep","schema":${deepSchemaText(5000)}}}}`,
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.param).toBe("text.format.schema");
      expect(body.error.message).toContain("cap on depth");
    });
  }

  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      "max_output_tokens past the context",
      "/v1/responses",
      { input: "Once", max_output_tokens: 4096 },
      "max_output_tokens",
    ],
    [
      "a bad schema on Responses",
      "/v1/responses",
      {
        input: "Once",
        max_output_tokens: 4,
        text: { format: { type: "json_schema", name: "s", schema: { type: "string", pattern: "a+" } } },
      },
      "text.format.schema.pattern",
    ],
    [
      "a token id past the vocabulary in a prompt",
      "/v1/completions",
      { prompt: [1, 2, 99_999], max_tokens: 2 },
      "prompt[2]",
    ],
    ["an unknown base model", "/v1/compare", { base: "nope", input: "Once upon a time" }, "base"],
    [
      "an unknown performer model",
      "/v1/detect",
      { performer: "nope", input: "Once upon a time" },
      "performer",
    ],
  ];
  for (const [name, path, requestBody, param] of cases) {
    it(`${name}: param ${param}, and the message is not garbled`, async () => {
      const response = await postJson(app, path, requestBody);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.param).toBe(param);
      expect(body.error.message).not.toMatch(
        /maxTokens|responseFormat|response_format|\btokens\[|the JSON [a-z_.]+\.schema/,
      );
    });
  }
});

describe("second attack: --also-model given the same file twice", () => {
  it("is refused naming --also-model instead of listing the model twice", () => {
    for (const raw of [
      { model: "a.gguf", alsoModel: ["b.gguf", "./b.gguf"] },
      { model: "a.gguf", alsoModel: ["a.gguf"] },
    ]) {
      expect(() => parseServeOptions(raw, {})).toThrowError(
        expect.objectContaining({ field: "--also-model" }),
      );
    }
    expect(parseServeOptions({ model: "a.gguf", alsoModel: ["b.gguf"] }, {}).alsoModel).toEqual(["b.gguf"]);
  });
});

describe("second attack: --cors '*' without an API key", () => {
  it("refuses to start, saying why", async () => {
    const run = await runCli(["serve", "--cors", "*", "--model", "none.gguf", "--port", "0"], {
      env: { LOGPROBE_API_KEY: "" },
      timeoutMs: 30_000,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("--cors");
    expect(run.stderr).toMatch(/every website/);
    expect(run.stderr).toMatch(/--api-key/);
  }, 40_000);
});
