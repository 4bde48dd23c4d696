import { describe, expect, it } from "vitest";
import { ApiCallError, UnsupportedError } from "../../core/errors.js";
import type { GenerateEvent, GenerateResult } from "../../core/model.js";
import { jsonRecording, type Recording, replayFetch, streamRecording } from "../__fixtures__/replay-fetch.js";
import { createProvider } from "../create-provider.js";

const KEY = "AIzaSyREPLAY-0123456789abcdefghij";

function gemini(recordings: Recording[]) {
  const replay = replayFetch(recordings);
  const model = createProvider({
    provider: "gemini",
    model: "models/gemini-2.0-flash",
    fetch: replay.fetch,
    maxRetries: 1,
    environment: { GEMINI_API_KEY: KEY },
  });
  return { model, replay };
}

async function collect(events: AsyncIterable<GenerateEvent>) {
  const tokens: Extract<GenerateEvent, { type: "token" }>[] = [];
  let done: GenerateResult | undefined;
  for await (const event of events) {
    if (event.type === "token") tokens.push(event);
    else done = event.result;
  }
  if (!done) throw new Error("no done event");
  return { tokens, done };
}

/** Oracle: the numbers written in gemini-generate.json. */
const expected = [
  ["Paris", -0.0105, 0],
  [".", -0.462, 5],
];

describe("GeminiProvider", () => {
  it("sends responseLogprobs/logprobs with the key in a header, and maps logprobsResult", async () => {
    const { model, replay } = gemini([jsonRecording("gemini-generate.json")]);
    const result = await model.generate({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Capital of France?" },
      ],
      topLogprobs: 2,
      maxTokens: 5,
    });
    const request = replay.requests[0]!;
    expect(request.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
    );
    expect(request.url).not.toContain(KEY);
    expect(request.headers["x-goog-api-key"]).toBe(KEY);
    expect(request.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "Capital of France?" }] }],
      systemInstruction: { parts: [{ text: "Be brief." }] },
      generationConfig: { responseLogprobs: true, temperature: 0, logprobs: 2, maxOutputTokens: 5 },
    });
    expect(result.text).toBe("Paris.");
    expect(result.sequence.tokens.map((token) => [token.token, token.logprob, token.textOffset])).toEqual(
      expected,
    );
    expect(
      result.sequence.tokens[1]?.top.map((alternative) => [alternative.token, alternative.logprob]),
    ).toEqual([
      [".", -0.462],
      ["\n", -1.0051],
    ]);
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({ promptTokens: 8, completionTokens: 2 });
    expect(result.model).toBe("gemini-2.0-flash");
  });

  it("streams alt=sse chunks, each with its own logprobsResult", async () => {
    const { model, replay } = gemini([
      streamRecording("gemini-generate-stream.txt", "text/event-stream", 23),
    ]);
    const { tokens, done } = await collect(model.stream({ prompt: "Capital of France?", topLogprobs: 2 }));
    expect(replay.requests[0]?.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
    );
    expect(tokens.map((event) => [event.token.token, event.token.logprob, event.token.textOffset])).toEqual(
      expected,
    );
    expect(done.text).toBe("Paris.");
    expect(done.usage).toEqual({ promptTokens: 8, completionTokens: 2 });
    expect(done.warnings).toEqual([expect.objectContaining({ field: "prompt", code: "unsupported-option" })]);
  });

  it("retries an overloaded model (503) and reports it without the key", async () => {
    const { model, replay } = gemini([
      jsonRecording("gemini-error-503.json", 503, { "retry-after": "0" }),
      jsonRecording("gemini-error-503.json", 503, { "retry-after": "0" }),
    ]);
    const error = (await model
      .generate({ messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught)) as ApiCallError;
    expect(replay.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.status).toBe(503);
    expect(error.message).toContain("overloaded");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(KEY);
  });

  it("retries a 429 RESOURCE_EXHAUSTED after its Retry-After, then succeeds", async () => {
    const { model, replay } = gemini([
      jsonRecording("gemini-error-429.json", 429, { "retry-after": "0.01" }),
      jsonRecording("gemini-generate.json"),
    ]);
    const started = performance.now();
    const result = await model.generate({ messages: [{ role: "user", content: "x" }], topLogprobs: 2 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(9);
    expect(replay.requests).toHaveLength(2);
    expect(result.text).toBe("Paris.");
  });

  it("warns when a stream brings text but no logprobs", async () => {
    const { model } = gemini([
      {
        body: 'data: {"candidates":[{"content":{"parts":[{"text":"Hi"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1}}\n\n',
      },
    ]);
    const { tokens, done } = await collect(model.stream({ messages: [{ role: "user", content: "x" }] }));
    expect(tokens).toHaveLength(0);
    expect(done.text).toBe("Hi");
    expect(done.warnings).toEqual([expect.objectContaining({ code: "missing-logprobs" })]);
  });

  it("cannot score and needs a key", async () => {
    const { model } = gemini([]);
    await expect(model.score({ text: "x" })).rejects.toBeInstanceOf(UnsupportedError);
    expect(() => createProvider({ provider: "gemini", model: "gemini-2.0-flash", environment: {} })).toThrow(
      /GEMINI_API_KEY/,
    );
  });
});
