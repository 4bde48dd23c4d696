/**
 * CORS through `app.request()` with the fake bigram model. Oracle: the Fetch standard's CORS
 * protocol (a preflight is OPTIONS with Origin and Access-Control-Request-Method; the browser
 * reads a response only when Access-Control-Allow-Origin matches its Origin).
 */
import { describe, expect, it } from "vitest";
import { createEchoFakeModel } from "../../test/server/echo-fake-model.js";
import { parseCorsOrigin } from "./cors.js";
import { createApp } from "./create-app.js";

const origin = "http://localhost:5173";
const body = JSON.stringify({ messages: [{ role: "user", content: " on" }], max_tokens: 1 });

function preflight(app: ReturnType<typeof createApp>, from: string) {
  return app.request("/v1/chat/completions", {
    method: "OPTIONS",
    headers: {
      origin: from,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type, x-stainless-os",
    },
  });
}

function post(app: ReturnType<typeof createApp>, headers: Record<string, string>) {
  return app.request("/v1/chat/completions", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", origin, ...headers },
  });
}

describe("CORS off (the default)", () => {
  const app = createApp({ models: createEchoFakeModel(), log: () => {} });

  it("a preflight gets 404 and a request gets no CORS header", async () => {
    expect((await preflight(app, origin)).status).toBe(404);
    const response = await post(app, {});
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("--cors ORIGIN with an API key", () => {
  const app = createApp({
    models: createEchoFakeModel(),
    log: () => {},
    apiKey: "k3y",
    corsOrigins: [origin, "https://app.example.com"],
  });

  it("answers the preflight of a listed origin without the key", async () => {
    const response = await preflight(app, origin);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toBe(
      "authorization,content-type,x-stainless-os",
    );
    expect(response.headers.get("access-control-max-age")).toBe("600");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("gives an unlisted origin no Access-Control-Allow-Origin", async () => {
    const response = await preflight(app, "http://evil.example");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("still requires the key; the 401 is readable by the listed origin", async () => {
    const denied = await post(app, {});
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe(origin);
    const allowed = await post(app, { authorization: "Bearer k3y" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(origin);
  });

  it("rejects an invalid origin option as a programming error", () => {
    expect(() => createApp({ models: createEchoFakeModel(), corsOrigins: ["localhost:5173"] })).toThrow(
      RangeError,
    );
  });
});

describe("parseCorsOrigin", () => {
  it("normalises an origin as browsers send it", () => {
    expect(parseCorsOrigin("HTTP://LocalHost:5173")).toBe("http://localhost:5173");
    expect(parseCorsOrigin("https://app.example.com:443")).toBe("https://app.example.com");
    expect(parseCorsOrigin(" * ")).toBe("*");
  });

  it("names the flag for anything but an origin", () => {
    for (const bad of [
      "localhost:5173",
      "https://a.example/path",
      "https://a.example/",
      "ftp://a.example",
      "x",
    ]) {
      expect(() => parseCorsOrigin(bad)).toThrowError(expect.objectContaining({ field: "--cors" }));
    }
  });
});
