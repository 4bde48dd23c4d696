import { afterEach, describe, expect, it, vi } from "vitest";
import { FOUR_TOKENS } from "../test-support/fixtures.js";
import { errorFromBody, generateBody, postJson, ServerError, streamGenerate } from "./client.js";

function sseResponse(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

afterEach(() => vi.unstubAllGlobals());

describe("server client", () => {
  it("writes the server's snake_case request body", () => {
    expect(
      generateBody(
        { prompt: "Hi" },
        {
          maxTokens: 8,
          temperature: 0.5,
          topK: 40,
          topP: 0.9,
          minP: 0.05,
          seed: 7,
          topLogprobs: 3,
          logprobsMode: "raw",
        },
      ),
    ).toEqual({
      prompt: "Hi",
      max_tokens: 8,
      temperature: 0.5,
      top_k: 40,
      top_p: 0.9,
      min_p: 0.05,
      seed: 7,
      top_logprobs: 3,
      logprobs_mode: "raw",
    });
  });

  it("streams token events and resolves with the done result", async () => {
    const result = {
      text: "Once upon",
      sequence: { tokens: FOUR_TOKENS.slice(0, 2), provenance: { source: "engine", distribution: "raw" } },
      finishReason: "length",
      usage: { promptTokens: 1, completionTokens: 2 },
      warnings: [],
      model: "m",
    };
    const lines = [
      `data: ${JSON.stringify({ type: "token", index: 0, token: FOUR_TOKENS[0] })}\n\n`,
      `data: ${JSON.stringify({ type: "token", index: 1, token: FOUR_TOKENS[1] })}\n\n`,
      `data: ${JSON.stringify({ type: "done", result })}\n\ndata: [DONE]\n\n`,
    ].join("");
    const fetchMock = vi.fn(async () =>
      sseResponse([lines.slice(0, 37), lines.slice(37, 300), lines.slice(300)]),
    );
    vi.stubGlobal("fetch", fetchMock);
    const seen: number[] = [];
    const final = await streamGenerate("/v1/generate", { prompt: "x" }, (event) => {
      if (event.type === "token") seen.push(event.index);
    });
    expect(seen).toEqual([0, 1]);
    expect(final.text).toBe("Once upon");
    expect(fetchMock).toHaveBeenCalledWith("/v1/generate", expect.objectContaining({ method: "POST" }));
  });

  it("turns an error event in the stream into a ServerError", async () => {
    vi.stubGlobal("fetch", async () =>
      sseResponse([
        `data: ${JSON.stringify({ error: { message: "model crashed", type: "server_error" } })}\n\n`,
      ]),
    );
    await expect(streamGenerate("/v1/generate", {}, () => {})).rejects.toMatchObject({
      message: "model crashed",
      type: "server_error",
    });
  });

  it("rejects a stream that ends without a result", async () => {
    vi.stubGlobal("fetch", async () => sseResponse([]));
    await expect(streamGenerate("/v1/generate", {}, () => {})).rejects.toThrow(/ended before the result/);
  });

  it("reports the server's error fields for a failed request", async () => {
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(
          JSON.stringify({
            error: {
              message: "max_tokens must be >= 1",
              type: "invalid_request_error",
              param: "max_tokens",
              code: null,
            },
          }),
          { status: 400 },
        ),
    );
    const error = await postJson("/v1/score", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ message: "max_tokens must be >= 1", param: "max_tokens", status: 400 });
  });

  it("reports a network failure and a non-JSON error body", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(postJson("/v1/score", {})).rejects.toThrow(
      /could not reach the logprobe server \(Failed to fetch\)/,
    );
    expect(errorFromBody(null, 502, "fallback").message).toBe("fallback");
  });
});
