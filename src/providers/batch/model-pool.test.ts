/**
 * The pool's failover and health, over real openai-compatible providers (one attempt each, as the
 * batch command opens them) and a fetch double per server that can be killed, revived, or made to
 * answer 429 with Retry-After. Time is real but short (backoff and probe delays of a few ms).
 */
import { describe, expect, it } from "vitest";
import { ApiCallError } from "../../core/errors.js";
import { fixtureText } from "../__fixtures__/replay-fetch.js";
import { createProvider } from "../create-provider.js";
import type { FetchFunction } from "../http/post-json-with-retry.js";
import { ModelPool, type PoolOptions, type PoolStrategy } from "./model-pool.js";
import { runBatch } from "./run-batch.js";

type Behaviour = "ok" | "dead" | "500" | "429" | "400";

/** Servers a.test, b.test, c.test: each answers as its behaviour says; records every call. */
function fleet(behaviours: Record<string, Behaviour>) {
  const calls: { host: string; at: number }[] = [];
  const probes: string[] = [];
  const fetch: FetchFunction = async (url) => {
    const host = new URL(url).host;
    calls.push({ host, at: performance.now() });
    await new Promise((resolve) => setTimeout(resolve, 1));
    const behaviour = behaviours[host] ?? "ok";
    if (behaviour === "dead") throw new TypeError("fetch failed");
    if (behaviour === "500") return new Response('{"error":"boom"}', { status: 500 });
    if (behaviour === "400") return new Response('{"error":"bad"}', { status: 400 });
    if (behaviour === "429")
      return new Response('{"error":"slow down"}', { status: 429, headers: { "retry-after-ms": "80" } });
    return new Response(fixtureText("openai-completion-echo.json"), { status: 200 });
  };
  const probe = async (member: { label: string }) => {
    const host = new URL(member.label).host;
    probes.push(host);
    return behaviours[host] === "ok";
  };
  return { fetch, calls, probes, probe };
}

function poolOver(
  hosts: string[],
  fetch: FetchFunction,
  strategy: PoolStrategy,
  options: PoolOptions = {},
): ModelPool {
  const members = hosts.map((host) => {
    const baseUrl = `http://${host}/v1`;
    return {
      model: createProvider({ provider: "openai-compatible", model: "m", baseUrl, fetch, maxRetries: 0 }),
      label: baseUrl,
    };
  });
  return new ModelPool(members, strategy, {
    backoff: { initialDelayMs: 2, maxDelayMs: 5 },
    probeInitialDelayMs: 5,
    probeMaxDelayMs: 20,
    ...options,
  });
}

const prompts = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    JSON.stringify({ id: `q${index}`, prompt: "The sky", maxTokens: 3 }),
  );

async function run(pool: ModelPool, count: number, concurrency = 4) {
  const lines: { id: string; ok: boolean; server?: string; error?: { message: string } }[] = [];
  const stats = await runBatch({
    lines: prompts(count),
    pool,
    concurrency,
    write: async (line) => {
      lines.push(line as (typeof lines)[number]);
    },
  });
  pool.close();
  return { stats, lines };
}

describe("ModelPool failover", () => {
  for (const strategy of ["round-robin", "least-busy"] as const) {
    it(`${strategy}: a dead server costs no item, and is skipped once down`, async () => {
      const servers = fleet({ "a.test": "ok", "b.test": "dead", "c.test": "ok" });
      const pool = poolOver(["a.test", "b.test", "c.test"], servers.fetch, strategy, {
        probe: servers.probe,
      });
      const { stats, lines } = await run(pool, 60);
      expect(stats.failed).toBe(0);
      expect(stats.succeeded).toBe(60);
      expect(new Set(lines.map((line) => line.id)).size).toBe(60);
      expect(lines.every((line) => line.server !== "http://b.test/v1")).toBe(true);
      // Marked down after 3 failures in a row; then only probes reach it, no requests.
      const toDead = servers.calls.filter((call) => call.host === "b.test").length;
      expect(toDead).toBeLessThanOrEqual(3 + 4);
      const [, dead] = pool.reports();
      expect(dead?.state).toBe("down");
      expect(dead?.downSpells).toBe(1);
      expect(dead?.failures).toBe(toDead);
    });
  }

  it("tries another server before the same one again", async () => {
    const servers = fleet({ "a.test": "500", "b.test": "ok" });
    const pool = poolOver(["a.test", "b.test"], servers.fetch, "round-robin", { downAfter: 100 });
    const { lines } = await run(pool, 1, 1);
    expect(servers.calls.map((call) => call.host)).toEqual(["a.test", "b.test"]);
    expect(lines[0]).toMatchObject({ ok: true, server: "http://b.test/v1" });
  });

  it("fails an item only when every server failed it, naming the last error", async () => {
    const servers = fleet({ "a.test": "500", "b.test": "dead", "c.test": "500" });
    const pool = poolOver(["a.test", "b.test", "c.test"], servers.fetch, "round-robin", { downAfter: 100 });
    const { stats, lines } = await run(pool, 1, 1);
    expect(stats.failed).toBe(1);
    expect(new Set(servers.calls.map((call) => call.host))).toEqual(new Set(["a.test", "b.test", "c.test"]));
    expect(servers.calls).toHaveLength(3);
    expect(lines[0]?.error?.message).toMatch(/status 500|fetch failed/);
  });

  it("a non-retryable error fails at once, on one server", async () => {
    const servers = fleet({ "a.test": "400", "b.test": "ok" });
    const pool = poolOver(["a.test", "b.test"], servers.fetch, "round-robin");
    const { stats } = await run(pool, 1, 1);
    expect(stats.failed).toBe(1);
    expect(servers.calls).toHaveLength(1);
  });

  it("one server and --max-retries 2: three attempts with backoff, as a single provider did", async () => {
    const servers = fleet({ "a.test": "500" });
    const pool = poolOver(["a.test"], servers.fetch, "round-robin", { maxRetries: 2, downAfter: 100 });
    const { stats } = await run(pool, 1, 1);
    expect(stats.failed).toBe(1);
    expect(servers.calls).toHaveLength(3);
  });

  it("honours Retry-After: the same server is not asked again before the wait", async () => {
    const servers = fleet({ "a.test": "429" });
    const pool = poolOver(["a.test"], servers.fetch, "round-robin", { maxRetries: 2 });
    await run(pool, 1, 1);
    const times = servers.calls.map((call) => call.at);
    expect(times).toHaveLength(3);
    for (let index = 1; index < times.length; index++) {
      expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(78);
    }
    // A 429 shows the server alive: it is not marked down.
    expect(pool.reports()[0]?.state).toBe("up");
  });

  it("with Retry-After on one server, the item goes to another at once", async () => {
    const servers = fleet({ "a.test": "429", "b.test": "ok" });
    const pool = poolOver(["a.test", "b.test"], servers.fetch, "round-robin");
    const started = performance.now();
    const { lines } = await run(pool, 1, 1);
    expect(lines[0]).toMatchObject({ ok: true, server: "http://b.test/v1" });
    expect(performance.now() - started).toBeLessThan(70);
  });

  it("brings a server back when its probe answers, and counts its time down", async () => {
    const behaviours: Record<string, Behaviour> = { "a.test": "dead", "b.test": "ok" };
    const servers = fleet(behaviours);
    const states: string[] = [];
    const pool = poolOver(["a.test", "b.test"], servers.fetch, "round-robin", {
      probe: servers.probe,
      onStateChange: (label, state) => states.push(`${label} ${state}`),
    });
    await run(pool, 10, 2);
    expect(states).toEqual(["http://a.test/v1 down"]);
    behaviours["a.test"] = "ok";
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(states).toEqual(["http://a.test/v1 down"]);
    // close() stopped the probes; a new pool over a revived server brings it back.
    const revived = poolOver(["a.test", "b.test"], servers.fetch, "round-robin", {
      probe: servers.probe,
      downAfter: 1,
      onStateChange: (label, state) => states.push(`${label} ${state}`),
    });
    behaviours["a.test"] = "dead";
    const running = run(revived, 200, 2);
    await new Promise((resolve) => setTimeout(resolve, 15));
    behaviours["a.test"] = "ok";
    const { stats } = await running;
    expect(stats.failed).toBe(0);
    expect(states.slice(1)).toEqual(["http://a.test/v1 down", "http://a.test/v1 up"]);
    const [a] = revived.reports();
    expect(a?.state).toBe("up");
    expect(a?.downMs).toBeGreaterThan(0);
  });

  it("when every server is down, waits for one to come back instead of failing", async () => {
    const behaviours: Record<string, Behaviour> = { "a.test": "dead", "b.test": "dead" };
    const servers = fleet(behaviours);
    const pool = poolOver(["a.test", "b.test"], servers.fetch, "least-busy", {
      probe: servers.probe,
      downAfter: 1,
      maxRetries: 5,
    });
    setTimeout(() => {
      behaviours["b.test"] = "ok";
    }, 40);
    const { stats } = await run(pool, 6, 2);
    expect(stats.failed).toBe(0);
  });

  it("rejects an empty pool naming --base-url", () => {
    expect(() => new ModelPool([])).toThrow(expect.objectContaining({ field: "--base-url" }));
  });

  it("passes other errors through unchanged", async () => {
    const pool = poolOver(["a.test"], fleet({}).fetch, "round-robin");
    await expect(
      pool.use(async () => {
        throw new ApiCallError({ message: "nope", url: "x", status: 401, isRetryable: false });
      }),
    ).rejects.toThrow("nope");
    pool.close();
  });
});
