/**
 * Structured output end to end: the server over the real engine (stories260K.gguf), asked through
 * the official `openai` client (chat `response_format`, Responses `text.format`, streamed) and the AI SDK's
 * `generateObject` (which sends a JSON schema through the Responses API). Oracle: JSON itself:
 * the answers must parse and match the schema, checked here by hand.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateObject } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { LogprobModel } from "../../src/core/model.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const schema = {
  type: "object",
  properties: { answer: { enum: ["yes", "no"] }, sure: { type: "boolean" } },
  required: ["answer", "sure"],
  additionalProperties: false,
};

function expectAnswer(text: string): void {
  const value = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(value).sort()).toEqual(["answer", "sure"]);
  expect(["yes", "no"]).toContain(value.answer);
  expect(typeof value.sure).toBe("boolean");
}

describe.skipIf(!requireTestModel())("structured output over the engine", () => {
  let model: LogprobModel;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    const { loadModel } = await import("../../src/engine/index.js");
    model = await loadModel({ model: testModelPath, contextSize: 256, threads: 1, gpu: false });
    server = await startServer({ models: model, port: 0, host: "127.0.0.1", log: () => {} });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
  }, 60_000);

  afterAll(async () => {
    await server?.close(1000);
    await model?.close?.();
  });

  it("chat response_format json_schema: the content parses and matches; logprobs come along", async () => {
    const completion = await client.chat.completions.create({
      model: model.id,
      messages: [{ role: "user", content: "Once upon a time" }],
      max_tokens: 60,
      temperature: 0,
      logprobs: true,
      top_logprobs: 2,
      response_format: { type: "json_schema", json_schema: { name: "answer", schema, strict: true } },
    });
    const choice = completion.choices[0]!;
    expectAnswer(choice.message.content!);
    expect(choice.finish_reason).toBe("stop");
    const tokens = choice.logprobs!.content!.map((token) => token.token).join("");
    expect(tokens.startsWith(choice.message.content!)).toBe(true);
  });

  it("Responses text.format json_schema, streamed: the text parses and matches", async () => {
    const stream = await client.responses.create({
      model: model.id,
      input: "Once upon a time",
      max_output_tokens: 60,
      temperature: 0,
      text: { format: { type: "json_schema", name: "answer", schema, strict: true } },
      stream: true,
    });
    let text = "";
    let status: string | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed" || event.type === "response.incomplete")
        status = event.response.status;
    }
    expect(status).toBe("completed");
    expectAnswer(text);
  });

  it("AI SDK generateObject with a zod schema", async () => {
    const provider = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused" });
    const { object } = await generateObject({
      model: provider(model.id),
      schema: z.object({ answer: z.enum(["yes", "no"]), sure: z.boolean() }),
      prompt: "Once upon a time",
      maxOutputTokens: 60,
      temperature: 0,
      maxRetries: 0,
    });
    expectAnswer(JSON.stringify(object));
  });
});
