/**
 * `POST /v1/chat/completions` through `app.request()` with the fake bigram model (which joins the
 * message contents as its prompt). Oracle: the closed-form table in ./oracle.ts.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { createEchoFakeModel } from "./echo-fake-model.js";
import { greedyOracle } from "./oracle.js";
import { postJson, sseData } from "./request.js";

const app = createApp({ models: createEchoFakeModel(), log: () => {} });
const encoder = new TextEncoder();

interface ChatToken {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: { token: string; logprob: number; bytes: number[] | null }[];
}
interface Chat {
  object: string;
  choices: {
    index: number;
    message: { role: string; content: string };
    logprobs: { content: ChatToken[] } | null;
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

describe("POST /v1/chat/completions", () => {
  const messages = [
    { role: "system", content: "" },
    { role: "user", content: [{ type: "text", text: " on" }] },
  ];

  it("returns logprobs.content with bytes and sorted top_logprobs", async () => {
    const response = await postJson(app, "/v1/chat/completions", {
      messages,
      logprobs: true,
      top_logprobs: 3,
      max_completion_tokens: 3,
      temperature: 0,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Chat;
    const expected = greedyOracle(" on", 3, 3);
    const choice = body.choices[0]!;
    expect(body.object).toBe("chat.completion");
    expect(choice.message).toEqual({ role: "assistant", content: ". the sat", refusal: null });
    expect(choice.finish_reason).toBe("length");
    const content = choice.logprobs!.content;
    expect(content.map((token) => token.token)).toEqual(expected.map((token) => token.token));
    content.forEach((token, index) => {
      expect(token.logprob).toBeCloseTo(expected[index]!.logprob, 12);
      expect(token.bytes).toEqual([...encoder.encode(token.token)]);
      expect(token.top_logprobs.map((top) => top.token)).toEqual(
        expected[index]!.top.map((top) => top.token),
      );
      expect(token.top_logprobs[0]!.bytes).toEqual([...encoder.encode(token.top_logprobs[0]!.token)]);
    });
    expect(body.usage.completion_tokens).toBe(3);
  });

  it("leaves logprobs null unless asked, and max_completion_tokens wins over max_tokens", async () => {
    const response = await postJson(app, "/v1/chat/completions", {
      messages,
      max_tokens: 1,
      max_completion_tokens: 2,
    });
    const body = (await response.json()) as Chat;
    expect(body.choices[0]!.logprobs).toBeNull();
    expect(body.usage.completion_tokens).toBe(2);
  });

  it("streams: every token chunk carries the logprobs of its delta; usage last", async () => {
    const request = { messages, logprobs: true, top_logprobs: 2, max_tokens: 10, temperature: 0 };
    const whole = (await (await postJson(app, "/v1/chat/completions", request)).json()) as Chat;
    const response = await postJson(app, "/v1/chat/completions", {
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = sseData(await response.text()) as {
      object: string;
      choices: {
        delta: { role?: string; content?: string };
        logprobs: { content: ChatToken[] } | null;
        finish_reason: string | null;
      }[];
      usage: Chat["usage"] | null;
    }[];
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    const tokenChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    for (const chunk of tokenChunks) {
      const entries = chunk.choices[0]!.logprobs!.content;
      expect(entries.map((entry) => entry.token).join("")).toBe(chunk.choices[0]!.delta.content);
    }
    expect(tokenChunks.flatMap((chunk) => chunk.choices[0]!.logprobs!.content)).toEqual(
      whole.choices[0]!.logprobs!.content,
    );
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toEqual(whole.usage);
  });

  it("n choices get indexes 0..n-1", async () => {
    const response = await postJson(app, "/v1/chat/completions", { messages, n: 3, max_tokens: 1 });
    const body = (await response.json()) as Chat;
    expect(body.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(body.usage.completion_tokens).toBe(3);
  });
});
