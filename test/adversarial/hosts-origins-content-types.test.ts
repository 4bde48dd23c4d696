/**
 * Adversarial: cross-site requests and DNS rebinding (issue 15, finding 1). A keyless server
 * answers only loopback `Host`/`Origin` values and JSON content types; a keyed one any host, but
 * still only JSON bodies. Oracle: the browser rules for CORS "simple requests" (Fetch standard:
 * text/plain, form types and no type are sent cross-site without a preflight) and the statuses
 * 403/415 of the error handler.
 */
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { startServer } from "../../src/server/node.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";

const body = JSON.stringify({ prompt: "hello", max_tokens: 2 });

function post(
  app: ReturnType<typeof createApp>,
  url: string,
  headers: Record<string, string>,
  payload: string = body,
): Promise<Response> {
  return Promise.resolve(app.request(url, { method: "POST", body: payload, headers }));
}

async function code(response: Response): Promise<string | null> {
  const json = (await response.json()) as { error?: { code: string | null } };
  return json.error?.code ?? null;
}

describe("content types (every server)", () => {
  const keyless = createApp({ models: createEchoFakeModel(), log: () => {} });
  const keyed = createApp({ models: createEchoFakeModel(), log: () => {}, apiKey: "k" });
  const refused = [
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
  ];
  for (const type of refused) {
    it(`refuses '${type || "no content type"}' with 415 on both`, async () => {
      const headers: Record<string, string> = type === "" ? {} : { "content-type": type };
      for (const [app, extra] of [
        [keyless, {}],
        [keyed, { authorization: "Bearer k" }],
      ] as const) {
        const response = await post(app, "/v1/completions", { ...headers, ...extra });
        expect(response.status).toBe(415);
        expect(await code(response)).toBe("unsupported_media_type");
      }
    });
  }

  it("accepts application/json (any case, with charset) and +json types", async () => {
    for (const type of ["application/json", "Application/JSON; charset=utf-8", "application/vnd.x+json"]) {
      expect((await post(keyless, "/v1/completions", { "content-type": type })).status).toBe(200);
    }
  });

  it("analyze also takes NDJSON and SSE types, and refuses text/plain", async () => {
    const sse = 'data: {"id":"x","object":"text_completion","choices":[]}\n\ndata: [DONE]\n\n';
    const asSse = await post(keyless, "/v1/analyze", { "content-type": "text/event-stream" }, sse);
    expect(asSse.status).not.toBe(415);
    const asText = await post(keyless, "/v1/analyze", { "content-type": "text/plain" }, sse);
    expect(asText.status).toBe(415);
    // The text types are for analyze only.
    const elsewhere = await post(keyless, "/v1/completions", { "content-type": "text/event-stream" });
    expect(elsewhere.status).toBe(415);
  });
});

describe("Host and Origin without an API key", () => {
  const json = { "content-type": "application/json" };
  const app = createApp({ models: createEchoFakeModel(), log: () => {} });

  it("accepts loopback hosts and origins", async () => {
    for (const host of ["localhost", "127.0.0.1", "127.3.4.5", "[::1]", "LOCALHOST"]) {
      const response = await post(app, `http://${host}:8080/v1/completions`, {
        ...json,
        origin: `http://${host}:8080`,
      });
      expect(response.status, host).toBe(200);
    }
  });

  it("refuses a rebound host name (403 host_not_allowed) on every route, GETs too", async () => {
    const rebound = "http://attacker.example:8080";
    const completions = await post(app, `${rebound}/v1/completions`, json);
    expect(completions.status).toBe(403);
    expect(await code(completions)).toBe("host_not_allowed");
    for (const path of ["/v1/models", "/health", "/"]) {
      expect((await app.request(`${rebound}${path}`)).status, path).toBe(403);
    }
    // A LAN address is not loopback either.
    expect((await app.request("http://192.168.1.20:8080/v1/models")).status).toBe(403);
  });

  it("refuses a foreign or opaque Origin (403 origin_not_allowed)", async () => {
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example", "file://"]) {
      const response = await post(app, "http://127.0.0.1:8080/v1/completions", { ...json, origin });
      expect(response.status, origin).toBe(403);
      expect(await code(response)).toBe("origin_not_allowed");
    }
  });

  it("--allow-host widens Host and Origin; allowedOrigins (CORS) adds exact origins", async () => {
    const widened = createApp({
      models: createEchoFakeModel(),
      log: () => {},
      allowedHosts: ["mybox.lan"],
      allowedOrigins: ["https://app.example"],
    });
    const lan = await post(widened, "http://mybox.lan:8080/v1/completions", {
      ...json,
      origin: "http://mybox.lan:8080",
    });
    expect(lan.status).toBe(200);
    const cors = await post(widened, "http://127.0.0.1:8080/v1/completions", {
      ...json,
      origin: "https://app.example",
    });
    expect(cors.status).toBe(200);
    const other = await post(widened, "http://127.0.0.1:8080/v1/completions", {
      ...json,
      origin: "https://app.example:444",
    });
    expect(other.status).toBe(403);
    expect((await widened.request("http://other.lan/v1/models")).status).toBe(403);
  });

  it("with an API key any host is accepted (the key is the defence)", async () => {
    const keyed = createApp({ models: createEchoFakeModel(), log: () => {}, apiKey: "k" });
    const response = await keyed.request("http://mybox.lan/v1/models", {
      headers: { authorization: "Bearer k" },
    });
    expect(response.status).toBe(200);
  });

  it("over a real socket, a forged Host header is refused", async () => {
    const server = await startServer({
      models: createEchoFakeModel(),
      log: () => {},
      port: 0,
      host: "127.0.0.1",
    });
    try {
      const { request } = await import("node:http");
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const outgoing = request({
            host: "127.0.0.1",
            port: server.port,
            path: "/v1/models",
            headers: { host },
          });
          outgoing.on("response", (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          });
          outgoing.on("error", reject);
          outgoing.end();
        });
      expect(await status(`127.0.0.1:${server.port}`)).toBe(200);
      expect(await status(`localhost:${server.port}`)).toBe(200);
      expect(await status("rebind.attacker.example")).toBe(403);
      expect(await status(`[::1]:${server.port}`)).toBe(200);
      // An absolute request target naming loopback does not launder a foreign Host header.
      const absolute = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, "127.0.0.1");
        let reply = "";
        socket.setEncoding("utf8").on("data", (chunk: string) => {
          reply += chunk;
        });
        socket.on("error", reject);
        socket.on("close", () => resolve(reply));
        socket.write(
          `GET http://127.0.0.1:${server.port}/v1/models HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n`,
        );
      });
      expect(absolute).toMatch(/^HTTP\/1\.1 403/);
    } finally {
      await server.close(0);
    }
  });
});
