/**
 * Adversarial: clients that go away (issue 15, finding 13). An upload aborted halfway, with a
 * Content-Length or chunked, is a client abort: logged as 499, never as a 500 "internal error",
 * and the server keeps answering. A streaming client that disconnects frees its slot (the queue
 * is empty afterwards). Oracle: the request log and the queue counters.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("disconnects", () => {
  const lines: string[] = [];
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      models: createEchoFakeModel({ delayMs: 5 }),
      port: 0,
      host: "127.0.0.1",
      log: (line) => lines.push(line),
    });
  });
  afterAll(() => server.close(0));

  async function abortUpload(path: string, chunked: boolean): Promise<void> {
    const socket = connect(server.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const framing = chunked
      ? 'Transfer-Encoding: chunked\r\n\r\na\r\n{"prompt":'
      : 'Content-Length: 1000\r\n\r\n{"prompt":';
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${framing}`);
    await wait(50);
    socket.destroy();
  }

  it("an aborted upload is logged as 499, never as an internal error", async () => {
    for (const chunked of [false, true]) {
      for (const path of ["/v1/completions", "/v1/analyze", "/tokenize"]) await abortUpload(path, chunked);
    }
    const deadline = Date.now() + 5000;
    while (lines.filter((line) => / 499 /.test(line)).length < 6 && Date.now() < deadline) await wait(20);
    expect(lines.filter((line) => line.includes("internal error"))).toEqual([]);
    expect(lines.filter((line) => / 499 /.test(line))).toHaveLength(6);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it("streaming clients that disconnect free their slots", async () => {
    for (let index = 0; index < 6; index++) {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/v1/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt: "x ".repeat(50), max_tokens: 200, stream: true }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
    }
    const deadline = Date.now() + 5000;
    while (
      (server.app.state.queue.active > 0 || server.app.state.inflight.size > 0) &&
      Date.now() < deadline
    ) {
      await wait(20);
    }
    expect(server.app.state.queue.active).toBe(0);
    expect(server.app.state.inflight.size).toBe(0);
  });
});
