/**
 * Adversarial upstreams (issue 15, findings 9 and 10), as real HTTP servers on 127.0.0.1 that the
 * providers call: an oversized JSON answer, a stream that never ends a line, a stream that never
 * ends at all, and a stream cut before its last chunk. Each is an ApiCallError, the provider
 * stops reading at the cap, and nothing is cached. Oracle: bytes the fake upstream managed to
 * send before the client hung up, and the request counter.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiCallError } from "../../src/core/errors.js";
import { SqliteResponseCache } from "../../src/providers/cache/response-cache.js";
import { createProvider } from "../../src/providers/create-provider.js";

type Behaviour = "huge-json" | "endless-line" | "endless-stream" | "cut-stream" | "reset-stream";

const chunk = (text: string) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: text }, logprobs: { content: [{ token: text, logprob: -0.5, bytes: [...Buffer.from(text)], top_logprobs: [] }] }, finish_reason: null }] })}\n\n`;

describe("fake upstreams on loopback", () => {
  let server: Server;
  let baseUrl = "";
  const sent = { bytes: 0, requests: 0 };
  let behaviour: Behaviour = "huge-json";

  beforeAll(async () => {
    server = createServer((request, response) => {
      sent.requests++;
      request.resume();
      const write = (text: string) => {
        sent.bytes += Buffer.byteLength(text);
        return response.write(text);
      };
      const pump = (next: () => string | undefined) => {
        const step = () => {
          for (;;) {
            if (response.destroyed) return;
            const text = next();
            if (text === undefined) {
              response.end();
              return;
            }
            if (!write(text)) {
              response.once("drain", step);
              return;
            }
          }
        };
        response.on("close", () => response.destroy());
        step();
      };
      if (behaviour === "huge-json") {
        response.writeHead(200, { "content-type": "application/json" });
        let count = 0;
        write('{"id":"x","object":"chat.completion","choices":[{"message":{"content":"');
        pump(() => (count++ < 4000 ? "a".repeat(1024) : undefined));
      } else if (behaviour === "endless-line") {
        response.writeHead(200, { "content-type": "text/event-stream" });
        write('data: {"choices":[{"delta":{"content":"');
        pump(() => "b".repeat(1024));
      } else if (behaviour === "endless-stream") {
        response.writeHead(200, { "content-type": "text/event-stream" });
        pump(() => chunk("x"));
      } else {
        response.writeHead(200, { "content-type": "text/event-stream" });
        write(chunk("Once"));
        write(chunk(" upon"));
        // Either a clean end with no finish_reason and no [DONE], or a broken connection.
        setTimeout(() => (behaviour === "cut-stream" ? response.end() : response.socket?.destroy()), 20);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const cap = 256 * 1024;
  const model = (cache?: SqliteResponseCache) =>
    createProvider({
      provider: "openai-compatible",
      model: "m",
      baseUrl,
      maxRetries: 0,
      maxResponseBytes: cap,
      environment: {},
      ...(cache ? { cache } : {}),
    });
  const request = { messages: [{ role: "user" as const, content: "Hi" }], topLogprobs: 1 };

  async function failure(run: () => Promise<unknown>): Promise<ApiCallError> {
    const error = await run().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ApiCallError);
    return error as ApiCallError;
  }

  for (const kind of ["huge-json", "endless-line", "endless-stream"] as const) {
    it(`${kind}: fails at the ${cap}-byte cap and stops reading`, async () => {
      behaviour = kind;
      sent.bytes = 0;
      const drain = async () => {
        if (kind === "huge-json") return model().generate(request);
        for await (const _ of model().stream(request)) {
          // read
        }
      };
      const error = await failure(drain);
      expect(error.message).toMatch(new RegExp(`larger than ${cap} bytes`));
      expect(error.isRetryable).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The client hung up near the cap: the upstream sent far less than it would have.
      expect(sent.bytes).toBeLessThan(16 * cap);
    });
  }

  for (const kind of ["cut-stream", "reset-stream"] as const) {
    it(`${kind}: an ApiCallError, not cached; the same request reaches the upstream again`, async () => {
      behaviour = kind;
      const cache = new SqliteResponseCache(":memory:");
      const before = sent.requests;
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await failure(async () => {
          for await (const _ of model(cache).stream(request)) {
            // read
          }
        });
        expect(error.message).toMatch(kind === "cut-stream" ? /stream ended before/ : /connection closed/);
      }
      expect(sent.requests - before).toBe(2);
      cache.close();
    });
  }
});
