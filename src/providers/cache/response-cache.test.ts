import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson, requestCacheKey } from "./request-cache-key.js";
import { defaultCachePath, SqliteResponseCache } from "./response-cache.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe("requestCacheKey", () => {
  const base = {
    provider: "openai",
    baseUrl: "https://api.openai.com/v1",
    model: "m",
    path: "/chat/completions",
  };
  it("ignores key order and trailing slashes but not values", () => {
    const a = requestCacheKey({ ...base, body: { a: 1, b: { c: [1, { d: 2, e: 3 }] } } });
    const b = requestCacheKey({
      ...base,
      baseUrl: `${base.baseUrl}/`,
      body: { b: { c: [1, { e: 3, d: 2 }] }, a: 1 },
    });
    expect(a).toBe(b);
    expect(requestCacheKey({ ...base, body: { a: 2 } })).not.toBe(
      requestCacheKey({ ...base, body: { a: 1 } }),
    );
    expect(requestCacheKey({ ...base, model: "n", body: {} })).not.toBe(
      requestCacheKey({ ...base, body: {} }),
    );
    expect(requestCacheKey({ ...base, provider: "gemini", body: {} })).not.toBe(
      requestCacheKey({ ...base, body: {} }),
    );
  });
  it("is the SHA-256 of the canonical JSON (oracle: node:crypto over the hand-written string)", async () => {
    const { createHash } = await import("node:crypto");
    const expected = createHash("sha256")
      .update('{"baseUrl":"http://x","body":{"a":1},"model":"m","path":"/p","provider":"p"}')
      .digest("hex");
    expect(
      requestCacheKey({ provider: "p", baseUrl: "http://x", model: "m", path: "/p", body: { a: 1 } }),
    ).toBe(expected);
  });
  it("canonicalJson drops undefined members", () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
  });
});

describe("SqliteResponseCache", () => {
  it("stores and returns responses across instances, counting hits and misses", () => {
    const directory = mkdtempSync(join(tmpdir(), "logprobe-cache-"));
    directories.push(directory);
    const path = join(directory, "nested", "cache.sqlite");
    const first = new SqliteResponseCache(path);
    expect(first.get("k")).toBeUndefined();
    first.set("k", { choices: [{ text: "hi" }] }, { provider: "openai", model: "m" });
    expect(first.get("k")).toEqual({ choices: [{ text: "hi" }] });
    expect(first.stats).toEqual({ hits: 1, misses: 1 });
    first.close();
    const second = new SqliteResponseCache(path);
    expect(second.get("k")).toEqual({ choices: [{ text: "hi" }] });
    second.close();
  });
  it("defaults under XDG_CACHE_HOME", () => {
    expect(defaultCachePath({ XDG_CACHE_HOME: "/c" })).toBe("/c/logprobe/responses.sqlite");
  });
});

describe("cache file permissions", () => {
  it("creates the file, its WAL files and new folders readable by the owner only", () => {
    const root = mkdtempSync(join(tmpdir(), "logprobe-cache-"));
    directories.push(root);
    const path = join(root, "new", "logprobe", "responses.sqlite");
    const cache = new SqliteResponseCache(path);
    cache.set("k", { answer: 1 });
    const mode = (file: string) => statSync(file).mode & 0o777;
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(join(root, "new", "logprobe"))).toBe(0o700);
    expect(mode(join(root, "new"))).toBe(0o700);
    cache.close();
  });

  it("narrows an existing world-readable cache file to 600", () => {
    const root = mkdtempSync(join(tmpdir(), "logprobe-cache-"));
    directories.push(root);
    const path = join(root, "responses.sqlite");
    writeFileSync(path, "");
    chmodSync(path, 0o644);
    const cache = new SqliteResponseCache(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    cache.close();
  });
});
