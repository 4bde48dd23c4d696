/**
 * Adversarial: the auth matrix, per route (issue 15's attack run: "no way past the key"). Every
 * API route, reached by its path and by spellings that try to slip past the middleware (trailing
 * slash, doubled slash, encoded letters, upper case, a query), answers 401 without the key or with
 * a wrong one, and only the right key reaches the route. `/health` and the web UI stay open.
 * Oracle: the status codes, and that the model was never called without the key.
 */
import { describe, expect, it } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { createApp } from "../../src/server/index.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";

const routes: [string, string, unknown][] = [
  ["GET", "/v1/models", undefined],
  ["GET", "/v1/models/fake-bigram", undefined],
  ["POST", "/v1/completions", { prompt: "the", max_tokens: 2 }],
  ["POST", "/v1/chat/completions", { messages: [{ role: "user", content: "hi" }], max_tokens: 2 }],
  ["POST", "/v1/score", { input: "the cat" }],
  ["POST", "/v1/generate", { prompt: "the", max_tokens: 2 }],
  ["POST", "/v1/branch", { prompt: "the", prefix_tokens: [], forced_token: 3, max_tokens: 2 }],
  ["POST", "/v1/analyze", { choices: [] }],
  ["POST", "/v1/classify", { prompt: "the", labels: ["cat", "dog"] }],
  ["POST", "/tokenize", { prompt: "the cat" }],
  ["POST", "/detokenize", { tokens: [2, 3] }],
];

function spellings(path: string): string[] {
  return [path, `${path}/`, `/${path}`, `${path}?x=1`, path.replace("v1", "%76%31"), path.toUpperCase()];
}

describe("auth matrix", () => {
  let calls = 0;
  const base = createEchoFakeModel();
  const counted: LogprobModel = new Proxy(base, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "close") return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...inner: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const app = createApp({ models: counted, log: () => {}, apiKey: "right-key" });
  const send = (method: string, path: string, body: unknown, authorization?: string) =>
    app.request(`http://localhost${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(authorization ? { authorization } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  for (const [method, path, body] of routes) {
    it(`${method} ${path}: 401 without or with a wrong key under every spelling; the right key gets through`, async () => {
      calls = 0;
      for (const spelling of spellings(path)) {
        for (const authorization of [
          undefined,
          "Bearer wrong-key",
          "Bearer right-key2",
          "Basic right-key",
          "Bearer ",
        ]) {
          const response = await send(method, spelling, body, authorization);
          expect([401, 404], `${method} ${spelling} with ${authorization}`).toContain(response.status);
          if (spelling === path)
            expect(response.status, `${method} ${spelling} with ${authorization}`).toBe(401);
        }
      }
      expect(calls).toBe(0);
      // The right key reaches the route (which may still refuse the body on its own terms).
      const allowed = await send(method, path, body, "Bearer right-key");
      expect(allowed.status, await allowed.clone().text()).not.toBe(401);
      expect(allowed.status).toBeLessThan(500);
    });
  }

  it("/health and the web UI need no key", async () => {
    expect((await send("GET", "/health", undefined)).status).toBe(200);
    expect((await send("GET", "/", undefined)).status).toBe(200);
  });
});
