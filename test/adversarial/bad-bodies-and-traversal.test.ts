/**
 * Adversarial: malformed, oversized, deeply nested and mistyped bodies on every POST route, and
 * path traversal against the web UI's static files. Oracle: the status codes (4xx with OpenAI's
 * error shape, never 5xx) and the bytes of a secret file outside the web root, which must never
 * come back.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";

const postRoutes = [
  "/v1/completions",
  "/v1/chat/completions",
  "/v1/score",
  "/v1/generate",
  "/v1/branch",
  "/v1/analyze",
  "/v1/classify",
  "/tokenize",
  "/detokenize",
];

const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const badBodies: [string, string][] = [
  ["empty", ""],
  ["whitespace", "  \n "],
  ["not JSON", "{prompt: hi}"],
  ["truncated", '{"prompt": "hi'],
  ["a JSON string", '"hello"'],
  ["an array", "[1,2,3]"],
  ["null", "null"],
  ["deep nesting (arrays)", deep(100_000)],
  ["deep nesting in a field", `{"prompt": ${deep(50_000)}}`],
  [
    "lone surrogates everywhere",
    '{"prompt": "\\ud800", "messages": [{"role": "\\udc00", "content": "\\ud800"}], "input": "\\udfff", "tokens": ["\\ud800"]}',
  ],
  [
    "wrong types",
    '{"prompt": 5, "max_tokens": "ten", "messages": {}, "input": [], "tokens": "1,2", "temperature": "hot", "n": -1}',
  ],
  [
    "huge numbers",
    '{"prompt": "x", "max_tokens": 1e308, "logprobs": 9007199254740993, "temperature": -0, "seed": 1e400}',
  ],
  ["prototype keys", '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}, "prompt": "x"}'],
  ["NUL and controls", '{"prompt": "a\\u0000b\\u001b[31m", "max_tokens": 1}'],
];

describe("bad bodies", () => {
  const lines: string[] = [];
  const app = createApp({
    models: createEchoFakeModel(),
    log: (line) => lines.push(line),
    maxBodyBytes: 1024 * 1024,
  });

  for (const [name, body] of badBodies) {
    it(`${name}: no route answers 5xx, errors have OpenAI's shape`, async () => {
      for (const route of postRoutes) {
        const response = await app.request(route, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        expect(response.status, `${route}: ${name}`).toBeLessThan(500);
        if (response.status >= 400) {
          const json = (await response.json()) as { error: Record<string, unknown> };
          expect(Object.keys(json.error).sort(), route).toEqual(["code", "message", "param", "type"]);
        } else {
          await response.text();
        }
      }
    });
  }

  it("a body over the limit gets 413 on every route, never a 5xx", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    for (const route of postRoutes) {
      const declared = await app.request(route, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      });
      expect(declared.status, route).toBe(413);
    }
    expect(lines.filter((line) => line.includes("internal error"))).toEqual([]);
  });
});

describe("path traversal against the web UI", () => {
  let root: string;
  let server: RunningServer;
  const secret = "TOP-SECRET-c0ffee";
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "logprobe-traversal-"));
    mkdirSync(join(root, "web", "assets"), { recursive: true });
    writeFileSync(join(root, "web", "index.html"), "<!doctype html><title>ui</title>");
    writeFileSync(join(root, "web", "assets", "app.js"), "console.log(1)");
    writeFileSync(join(root, "secret.txt"), secret);
    writeFileSync(join(root, "web-secret.txt"), secret);
    server = await startServer({
      models: createEchoFakeModel(),
      port: 0,
      host: "127.0.0.1",
      log: () => {},
      webRoot: join(root, "web"),
    });
  });
  afterAll(async () => {
    await server.close(0);
    rmSync(root, { recursive: true, force: true });
  });

  /** Sends the path byte for byte (fetch would normalise the dots away). */
  function raw(path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: "127.0.0.1", port: server.port, path, method: "GET" },
        (response) => {
          let body = "";
          response.setEncoding("utf8").on("data", (chunk: string) => {
            body += chunk;
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      outgoing.on("error", reject);
      outgoing.end();
    });
  }

  it("serves the UI, and never a file outside its folder", async () => {
    expect((await raw("/assets/app.js")).body).toBe("console.log(1)");
    const attempts = [
      "/../secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e/secret.txt",
      "/%2e%2e%2fsecret.txt",
      "/assets/../../secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/..%5csecret.txt",
      "/....//secret.txt",
      "/%252e%252e/secret.txt",
      "/..%00/secret.txt",
      "/../web-secret.txt",
      `/${root}/secret.txt`,
      `/%2f${encodeURIComponent(root.slice(1))}%2fsecret.txt`,
      "//etc/passwd",
      "/%c0%ae%c0%ae/secret.txt",
    ];
    for (const path of attempts) {
      const answer = await raw(path);
      expect(answer.body, path).not.toContain(secret);
      expect(answer.status, path).toBeLessThan(500);
    }
  });
});
