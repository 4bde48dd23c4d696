/**
 * Adversarial: slowloris bodies and connection floods (issue 15, finding 7). A body sent one byte
 * at a time is cut off at the body deadline with Node's 408; connections past the cap are closed
 * at once, and the server answers again once they go. Oracle: the bytes the server sends back on
 * a raw socket (the status line) and when it closes it.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";

function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("error", () => {});
    const closed = new Promise<void>((resolveClosed) => socket.once("close", () => resolveClosed()));
    socket.once("connect", () => resolve({ socket, received: () => text, closed }));
    socket.once("error", reject);
  });
}

describe("slow bodies and connection limits", () => {
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer({
      models: createEchoFakeModel(),
      port: 0,
      host: "127.0.0.1",
      log: (line) => lines.push(line),
      bodyTimeoutMs: 800,
      maxConnections: 4,
    });
  });
  afterAll(() => server.close(0));

  it("a body that trickles in is answered 408 and closed at the deadline", async () => {
    const slow = await open(server.port);
    slow.socket.write(
      "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    );
    const trickle = setInterval(() => slow.socket.write(" "), 200);
    const started = Date.now();
    await slow.closed;
    clearInterval(trickle);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    // Closed by the deadline (800 ms, checked every 800 ms), not by the 60 s default.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(lines.filter((line) => line.includes("internal error"))).toEqual([]);
  });

  it("connections past the cap are closed at once; the server answers again once they go", async () => {
    const held = await Promise.all(Array.from({ length: 4 }, () => open(server.port)));
    const extra = await open(server.port);
    await extra.closed;
    expect(extra.received()).toBe("");
    for (const connection of held) connection.socket.destroy();
    await Promise.all(held.map((connection) => connection.closed));
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
  });
});
