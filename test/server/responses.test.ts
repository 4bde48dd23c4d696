/**
 * `POST /v1/responses` through `app.request()` with the fake bigram model (which joins the message
 * contents as its prompt). Oracles: the closed-form table in ./oracle.ts for every number, and the
 * wire layer's parsers of OpenAI's own Responses output (recorded from api.openai.com) for the
 * shape: what the server emits must parse back to the same tokens, byte for byte.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import {
  fromOpenAIResponsesLogprobs,
  fromOpenAIResponsesResponse,
  OpenAIResponsesResponseSchema,
  ResponsesStreamAccumulator,
  toOpenAIResponsesLogprobs,
} from "../../src/wire/index.js";
import { createEchoFakeModel } from "./echo-fake-model.js";
import { greedyOracle } from "./oracle.js";
import { postJson } from "./request.js";

const app = createApp({ models: createEchoFakeModel(), log: () => {} });
const encoder = new TextEncoder();

interface ResponsesToken {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}
interface ResponseBody {
  id: string;
  object: string;
  status: string;
  incomplete_details: { reason: string } | null;
  model: string;
  output: {
    id: string;
    type: string;
    role: string;
    status: string;
    content: { type: string; text: string; logprobs?: ResponsesToken[] }[];
  }[];
  usage: { input_tokens: number; output_tokens: number; total_tokens: number };
  top_logprobs: number;
}

/** SSE events as `[event name, parsed data]`. */
function sseEvents(text: string): [string, Record<string, unknown>][] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const name = lines.find((line) => line.startsWith("event: "))?.slice(7) ?? "";
      const data = lines.find((line) => line.startsWith("data: "))?.slice(6) ?? "null";
      return [name, JSON.parse(data) as Record<string, unknown>];
    });
}

const request = {
  instructions: "",
  input: [{ role: "user", content: [{ type: "input_text", text: " on" }] }],
  include: ["message.output_text.logprobs"],
  top_logprobs: 3,
  max_output_tokens: 3,
  temperature: 0,
};

describe("POST /v1/responses", () => {
  it("returns output_text.logprobs with bytes and sorted top_logprobs (oracle: the fake's table)", async () => {
    const response = await postJson(app, "/v1/responses", request);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ResponseBody;
    expect(body.object).toBe("response");
    expect(body.id).toMatch(/^resp/);
    expect(body.status).toBe("incomplete");
    expect(body.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(body.top_logprobs).toBe(3);
    const expected = greedyOracle(" on", 3, 3);
    const [message] = body.output;
    expect(message).toMatchObject({ type: "message", role: "assistant", status: "incomplete" });
    const part = message!.content[0]!;
    expect(part.type).toBe("output_text");
    expect(part.text).toBe(expected.map((token) => token.token).join(""));
    const logprobs = part.logprobs!;
    expect(logprobs.map((token) => token.token)).toEqual(expected.map((token) => token.token));
    logprobs.forEach((token, index) => {
      expect(token.logprob).toBeCloseTo(expected[index]!.logprob, 12);
      expect(token.bytes).toEqual([...encoder.encode(token.token)]);
      expect(token.top_logprobs.map((top) => top.token)).toEqual(
        expected[index]!.top.map((top) => top.token),
      );
      // The chosen token's alternative carries exactly the token's logprob (greedy: it is first).
      expect(token.top_logprobs[0]!.logprob).toBe(token.logprob);
    });
    expect(body.usage.output_tokens).toBe(3);
    expect(body.usage.total_tokens).toBe(body.usage.input_tokens + 3);
  });

  it("round-trips through the wire layer's parser of OpenAI's responses, byte for byte", async () => {
    const body = (await (await postJson(app, "/v1/responses", request)).json()) as ResponseBody;
    expect(() => OpenAIResponsesResponseSchema.parse(body)).not.toThrow();
    const sequence = fromOpenAIResponsesResponse(body, { source: "logprobe" });
    expect(sequence.provenance.model).toBe("fake-bigram");
    const emitted = body.output[0]!.content[0]!.logprobs;
    const reparsed = fromOpenAIResponsesLogprobs(emitted).tokens;
    expect(JSON.stringify(toOpenAIResponsesLogprobs(reparsed))).toBe(JSON.stringify(emitted));
  });

  it("a string input, no include and no top_logprobs: no logprobs; stops at EOS as completed", async () => {
    const response = await postJson(app, "/v1/responses", { input: " mat", temperature: 0 });
    const body = (await response.json()) as ResponseBody;
    const expected = greedyOracle(" mat", 64, 0);
    expect(body.output[0]!.content[0]!.text).toBe(expected.map((token) => token.token).join(""));
    expect(body.output[0]!.content[0]!.logprobs).toBeUndefined();
    expect(body.status).toBe(expected.length < 64 ? "completed" : "incomplete");
  });

  it("streams OpenAI's event sequence; every delta carries its token's logprobs; same as non-streamed", async () => {
    const whole = (await (await postJson(app, "/v1/responses", request)).json()) as ResponseBody;
    const response = await postJson(app, "/v1/responses", { ...request, stream: true });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text).not.toContain("[DONE]");
    const events = sseEvents(text);
    const types = events.map(([, data]) => data.type as string);
    expect(events.every(([name, data]) => name === data.type)).toBe(true);
    expect(events.map(([, data]) => data.sequence_number)).toEqual(events.map((_, index) => index));
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.slice(-4)).toEqual([
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.incomplete",
    ]);
    const deltas = events
      .filter(([, data]) => data.type === "response.output_text.delta")
      .map(([, data]) => data);
    expect(deltas).toHaveLength(3);
    for (const delta of deltas) {
      expect((delta.logprobs as ResponsesToken[]).map((token) => token.token).join("")).toBe(delta.delta);
    }
    // Oracle for the stream: the wire accumulator of OpenAI's streams gives the non-streamed tokens.
    const accumulator = new ResponsesStreamAccumulator({ provenance: { source: "logprobe" } });
    for (const [, data] of events) accumulator.push(data);
    expect(accumulator.sequence()).toEqual(fromOpenAIResponsesResponse(whole, { source: "logprobe" }));
    const final = events.at(-1)![1].response as ResponseBody;
    expect(final.output).toEqual(whole.output.map((item) => ({ ...item, id: final.output[0]!.id })));
    expect(final.usage).toEqual(whole.usage);
  });

  it("answers errors in OpenAI's shape, naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ input: "x", top_logprobs: 21 }, "top_logprobs"],
      [{ input: "x", include: ["reasoning.encrypted_content"] }, "include[0]"],
      [{ input: "x", tools: [{ type: "function", name: "f" }] }, "tools"],
      [{ input: "x", previous_response_id: "resp_1" }, "previous_response_id"],
      [{ input: [{ role: "user", content: [{ type: "input_image", image_url: "x" }] }] }, "input"],
      [{ input: "x", max_output_tokens: 0 }, "max_output_tokens"],
      [{}, "input"],
    ];
    for (const [body, param] of cases) {
      const response = await postJson(app, "/v1/responses", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = ((await response.json()) as { error: { type: string; param: string; message: string } })
        .error;
      expect(error.type).toBe("invalid_request_error");
      expect(error.param, JSON.stringify(body)).toBe(param);
      expect(error.message).toContain(param);
    }
  });

  it("refuses text.format on a model without constrained decoding, naming text.format", async () => {
    const response = await postJson(app, "/v1/responses", {
      input: "x",
      text: { format: { type: "json_schema", name: "answer", schema: { type: "object" } } },
    });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { param: string; message: string; code: string } })
      .error;
    expect(error).toMatchObject({ param: "text.format", code: "unsupported" });
    expect(error.message).toContain("a JSON schema");
  });

  it("a failure after the stream started is one last `error` event in the Responses shape", async () => {
    const slow = createApp({
      models: createEchoFakeModel({ delayMs: 40 }),
      log: () => {},
      requestTimeoutMs: 100,
    });
    const response = await postJson(slow, "/v1/responses", {
      input: " on",
      max_output_tokens: 20,
      stream: true,
    });
    expect(response.status).toBe(200);
    const events = sseEvents(await response.text());
    const [name, data] = events.at(-1)!;
    expect(name).toBe("error");
    expect(data).toMatchObject({ type: "error", code: "request_timeout", param: null });
    expect(data.sequence_number).toBe(events.length - 1);
    expect(slow.state.queue.active).toBe(0);
  });

  it("an unknown model is a 404 in OpenAI's shape", async () => {
    const response = await postJson(app, "/v1/responses", { model: "nope", input: "x" });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("model_not_found");
  });
});
