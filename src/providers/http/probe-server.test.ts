import { describe, expect, it } from "vitest";
import type { FetchFunction } from "./post-json-with-retry.js";
import { probeServer } from "./probe-server.js";

function answering(statuses: Record<string, number | "down">) {
  const asked: string[] = [];
  const fetch: FetchFunction = async (url) => {
    asked.push(url);
    const status = statuses[url];
    if (status === undefined || status === "down") throw new TypeError("fetch failed");
    return new Response("{}", { status });
  };
  return { fetch, asked };
}

describe("probeServer", () => {
  it("asks /health at the origin; any answer below 500 is alive", async () => {
    const { fetch, asked } = answering({ "http://h:1/health": 200 });
    expect(await probeServer("http://h:1/v1", { fetch })).toBe(true);
    expect(asked).toEqual(["http://h:1/health"]);
    expect(await probeServer("http://h:1/v1", { fetch: answering({ "http://h:1/health": 401 }).fetch })).toBe(
      true,
    );
  });

  it("a 503 (model loading) or a network error is not alive", async () => {
    expect(await probeServer("http://h:1/v1", { fetch: answering({ "http://h:1/health": 503 }).fetch })).toBe(
      false,
    );
    expect(await probeServer("http://h:1/v1", { fetch: answering({}).fetch })).toBe(false);
  });

  it("falls back to {baseUrl}/models when /health is 404", async () => {
    const { fetch, asked } = answering({ "http://h:1/health": 404, "http://h:1/v1/models": 200 });
    expect(await probeServer("http://h:1/v1/", { fetch })).toBe(true);
    expect(asked).toEqual(["http://h:1/health", "http://h:1/v1/models"]);
  });
});
