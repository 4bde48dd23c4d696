import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureText } from "../__fixtures__/replay-fetch.js";
import { createProvider } from "../create-provider.js";
import type { FetchFunction } from "../http/post-json-with-retry.js";
import { JsonLinesWriter, readExistingOutput, replaceFileAtomically } from "./batch-output-file.js";
import type { BatchResultLine } from "./batch-result.js";
import { ModelPool, type PoolStrategy } from "./model-pool.js";
import { runBatch } from "./run-batch.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A server double: answers by path, after `delayMs`; 404 for the prompt "fail"; tracks concurrency. */
function serverFetch(delayMs: (url: string) => number) {
  const state = { inFlight: 0, maxInFlight: 0, calls: [] as string[] };
  const fetch: FetchFunction = async (url, init) => {
    state.calls.push(url);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs(url)));
    state.inFlight--;
    const body = JSON.parse(String(init.body)) as { prompt?: string; echo?: boolean };
    if (body.prompt === "fail") return new Response('{"error":{"message":"no such model"}}', { status: 404 });
    const file = url.endsWith("/chat/completions")
      ? "openai-chat.json"
      : body.echo
        ? "openai-score-echo.json"
        : "openai-completion-echo.json";
    return new Response(fixtureText(file), { status: 200 });
  };
  return { fetch, state };
}

function pool(fetch: FetchFunction, strategy: PoolStrategy = "round-robin") {
  const members = ["http://a.test/v1", "http://b.test/v1"].map((baseUrl) => ({
    model: createProvider({ provider: "openai-compatible", model: "m", baseUrl, fetch, maxRetries: 0 }),
    label: baseUrl,
  }));
  return new ModelPool(members, strategy);
}

const input = [
  '{"id":"a","messages":[{"role":"user","content":"Hi"}],"topLogprobs":2}',
  '{"id":"b","prompt":"The sky","maxTokens":3}',
  "",
  '{"id":"c","score":"The sky is blue","topLogprobs":1}',
  "{not json",
  '{"id":"e","prompt":"x","temprature":0.5}',
  '{"id":"f","prompt":"fail"}',
  '{"id":"a","prompt":"dup"}',
  '{"id":7,"messages":[{"role":"user","content":"Hi"}]}',
];

async function runToFile(
  path: string,
  options: { skip?: Set<string>; fetch: FetchFunction; concurrency?: number },
) {
  const writer = await JsonLinesWriter.open(path);
  const modelPool = pool(options.fetch);
  const stats = await runBatch({
    lines: input,
    pool: modelPool,
    concurrency: options.concurrency ?? 3,
    ...(options.skip ? { skipIds: options.skip } : {}),
    write: (line) => writer.write(line),
  });
  await writer.close();
  return { stats, modelPool };
}

function readLines(path: string): BatchResultLine[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as BatchResultLine);
}

describe("runBatch", () => {
  it("writes one line per input, records bad lines and failures, and keeps going", async () => {
    const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-"));
    directories.push(directory);
    const out = join(directory, "out.jsonl");
    const { fetch, state } = serverFetch(() => 5);
    const { stats, modelPool } = await runToFile(out, { fetch });
    const lines = readLines(out);
    expect(stats).toEqual({ seen: 8, succeeded: 4, failed: 4, skipped: 0, cancelled: 0 });
    const byId = new Map(lines.map((line) => [`${line.id}:${line.ok}`, line]));
    expect(lines).toHaveLength(8);
    expect(state.maxInFlight).toBeGreaterThan(1);
    expect(state.maxInFlight).toBeLessThanOrEqual(3);
    // Five requests reached the servers, alternating: a.test, b.test, a.test, ...
    expect(modelPool.started).toEqual([3, 2]);

    const chat = byId.get("a:true");
    if (!chat?.ok) throw new Error("expected a success line for a");
    // Oracle: the chat fixture's logprobs -0.31725305, -0.02380986, -0.7514, summed by hand.
    expect(chat.summary.jointLogprob).toBeCloseTo(-1.09246291, 12);
    expect(chat.summary.minLogprob).toBe(-0.7514);
    expect(chat.summary.perplexity).toBeCloseTo(Math.exp(1.09246291 / 3), 12);
    expect(chat.text).toBe("Hello! How");

    const scored = byId.get("c:true");
    if (!scored?.ok) throw new Error("expected a success line for c");
    // Oracle: -(−6.2041 − 0.4153 − 1.0123) / 3 by hand.
    expect(scored.perplexity).toBeCloseTo(Math.exp(7.6317 / 3), 10);
    expect(scored.type).toBe("score");

    expect(byId.get("7:true")).toMatchObject({ ok: true, type: "generate" });
    expect(byId.get("line:5:false")).toMatchObject({ error: { code: "invalid_input", field: "line 5" } });
    const typo = byId.get("e:false");
    expect(typo).toMatchObject({ error: { code: "invalid_input" } });
    expect(typo && !typo.ok && typo.error.message).toContain("temprature");
    expect(byId.get("f:false")).toMatchObject({ type: "generate", error: { status: 404, retryable: false } });
    expect(byId.get("a:false")).toMatchObject({ error: { message: 'duplicate id "a"' } });
  });

  it("resumes: ids already in the output are skipped; --retry-failed reruns the failures", async () => {
    const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-"));
    directories.push(directory);
    const out = join(directory, "out.jsonl");
    // A previous run finished "a" and "b", failed "f", and was cut off mid-line.
    writeFileSync(
      out,
      '{"id":"a","ok":true}\n{"id":"b","ok":true}\n{"id":"f","ok":false,"error":{"code":"x","message":"y"}}\n{"id":"c","ok":tr',
    );
    const existing = await readExistingOutput(out, { retryFailed: true });
    expect([...existing.completed].sort()).toEqual(["a", "b"]);
    expect(existing.retried).toBe(1);
    expect(readFileSync(out, "utf8")).toBe('{"id":"a","ok":true}\n{"id":"b","ok":true}\n');
    const { fetch, state } = serverFetch(() => 1);
    const { stats } = await runToFile(out, { fetch, skip: existing.completed });
    // a (twice: its duplicate line is skipped as well) and b are skipped.
    expect(stats.skipped).toBe(3);
    expect(state.calls).toHaveLength(3);
    const ids = readLines(out).map((line) => line.id);
    expect(ids.slice(0, 2)).toEqual(["a", "b"]);
    expect(ids.slice(2).sort()).toEqual(["7", "c", "e", "f", "line:5"]);
  });

  it("never writes a generation that returned finishReason cancelled (it is partial): a rerun does it", async () => {
    const { fetch } = serverFetch(() => 1);
    const real = createProvider({
      provider: "openai-compatible",
      model: "m",
      baseUrl: "http://a.test/v1",
      fetch,
      maxRetries: 0,
    });
    // The same model, except that the prompt "stopped" ends as a model reports a cancelled run.
    const stopping = Object.create(real, {
      generate: {
        value: async (request: Parameters<typeof real.generate>[0]) => {
          const result = await real.generate(request);
          return request.prompt === "stopped" ? { ...result, finishReason: "cancelled" as const } : result;
        },
      },
    }) as typeof real;
    const written: BatchResultLine[] = [];
    const stats = await runBatch({
      lines: ['{"id":"kept","prompt":"The sky"}', '{"id":"partial","prompt":"stopped"}'],
      pool: new ModelPool([{ model: stopping, label: "a" }], "round-robin"),
      concurrency: 1,
      write: async (line) => void written.push(line),
    });
    expect(stats).toMatchObject({ succeeded: 1, cancelled: 1, failed: 0 });
    expect(written.map((line) => line.id)).toEqual(["kept"]);
  });

  it("rewrites the output atomically: on a failed rewrite the old file stays whole", async () => {
    const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-"));
    directories.push(directory);
    const out = join(directory, "out.jsonl");
    const before = '{"id":"a","ok":true}\n{"id":"f","ok":false,"error":{"code":"x","message":"y"}}\n';
    writeFileSync(out, before);
    // The temporary file's name is taken by a folder, so writing the new content fails.
    mkdirSync(`${out}.rewrite.tmp`);
    await expect(readExistingOutput(out, { retryFailed: true })).rejects.toThrow();
    expect(readFileSync(out, "utf8")).toBe(before);
    rmSync(`${out}.rewrite.tmp`, { recursive: true });
    await replaceFileAtomically(out, "new\n");
    expect(readFileSync(out, "utf8")).toBe("new\n");
    expect(readdirSync(directory)).toEqual(["out.jsonl"]);
  });

  it("rejects a concurrency out of range, naming the flag", async () => {
    const { fetch } = serverFetch(() => 0);
    await expect(
      runBatch({ lines: [], pool: pool(fetch), concurrency: 0, write: async () => {} }),
    ).rejects.toThrow(/concurrency/);
  });
});

describe("ModelPool", () => {
  async function spread(strategy: PoolStrategy) {
    const { fetch } = serverFetch((url) => (url.includes("a.test") ? 40 : 2));
    const modelPool = pool(fetch, strategy);
    const lines = Array.from({ length: 12 }, (_, index) =>
      JSON.stringify({ id: `i${index}`, messages: [{ role: "user", content: "Hi" }] }),
    );
    await runBatch({ lines, pool: modelPool, concurrency: 2, write: async () => {} });
    return modelPool.started;
  }
  it("round-robin alternates whatever the servers' speed", async () => {
    expect(await spread("round-robin")).toEqual([6, 6]);
  });
  it("least-busy sends more work to the faster server", async () => {
    const [slow, fast] = await spread("least-busy");
    expect((slow ?? 0) + (fast ?? 0)).toBe(12);
    expect(fast).toBeGreaterThan(slow ?? 0);
  });
});
