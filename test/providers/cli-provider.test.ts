/**
 * The CLI on a provider, end to end: `logprobe` (spawned) with `--provider openai-compatible`
 * against `logprobe serve`'s app on the engine (stories260K.gguf, in this process).
 * Oracles: the same CLI command on the local engine (same JSON shape and numbers to 1e-6); the
 * server's request log (the cache answers the second run without a request); hand counts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const KEY = "cli-provider-key-0123456789";
const modelArgs = ["--model", testModelPath, "--threads", "1", "--context-size", "512", "--gpu", "off"];
const prompt = "Once upon a time";

interface GenerateJson {
  tokens: { token: string; logprob: number | null; top: { token: string; logprob: number }[] }[];
  summary: Record<string, number>;
  text: string;
  finishReason: string;
}

describe.skipIf(!requireTestModel())("logprobe --provider (spawned CLI)", { timeout: 120_000 }, () => {
  let engine: LogprobModel;
  let servers: RunningServer[] = [];
  const requests: string[] = [];
  let directory: string;

  beforeAll(async () => {
    const { loadModel } = await import("../../src/engine/index.js");
    engine = await loadModel({ model: testModelPath, threads: 1, contextSize: 512, gpu: false, parallel: 2 });
    servers = await Promise.all(
      [0, 1].map(() =>
        startServer({
          models: engine,
          port: 0,
          host: "127.0.0.1",
          apiKey: KEY,
          maxConcurrent: 2,
          log: (line) => requests.push(line),
        }),
      ),
    );
    directory = mkdtempSync(join(tmpdir(), "logprobe-cli-provider-"));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close(1000)));
    await engine?.close?.();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const providerArgs = (server = 0) => [
    "--provider",
    "openai-compatible",
    "--base-url",
    `${servers[server]!.url}/v1`,
    "--model",
    engine.id,
    "--api-key",
    KEY,
  ];

  it("generate --json has the engine's shape and numbers", async () => {
    const local = await runCli([prompt, ...modelArgs, "--max-tokens", "8", "--top", "3", "--json"]);
    const remote = await runCli([prompt, ...providerArgs(), "--max-tokens", "8", "--top", "3", "--json"]);
    expect(remote.stderr).toBe("");
    expect(remote.code).toBe(0);
    const expected = JSON.parse(local.stdout) as GenerateJson;
    const actual = JSON.parse(remote.stdout) as GenerateJson;
    // The same shape, but only a local model names its evaluator and device.
    expect(Object.keys(actual).sort()).toEqual(
      Object.keys(expected)
        .filter((key) => key !== "evaluator")
        .sort(),
    );
    expect(Object.keys(expected)).toContain("evaluator");
    expect(actual.text).toBe(expected.text);
    expect(actual.finishReason).toBe(expected.finishReason);
    expect(actual.tokens.map((token) => token.token)).toEqual(expected.tokens.map((token) => token.token));
    actual.tokens.forEach((token, index) => {
      expect(Math.abs(token.logprob! - expected.tokens[index]!.logprob!)).toBeLessThan(1e-6);
      expect(token.top.map((alternative) => alternative.token)).toEqual(
        expected.tokens[index]!.top.map((alternative) => alternative.token),
      );
    });
    for (const key of ["tokenCount", "jointLogprob", "meanLogprob", "minLogprob", "perplexity"]) {
      expect(
        Math.abs((actual.summary[key] ?? Number.NaN) - (expected.summary[key] ?? Number.NaN)),
        key,
      ).toBeLessThan(1e-6);
    }
  });

  it("a wrong key exits 4 with one line that does not echo the key", async () => {
    const wrong = "sk-wrong-key-abcdefghijklmnop";
    const run = await runCli([
      prompt,
      "--provider",
      "openai-compatible",
      "--base-url",
      `${servers[0]!.url}/v1`,
      "--model",
      engine.id,
      "--api-key",
      wrong,
      "--max-retries",
      "0",
    ]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("401");
    expect(run.stderr).not.toContain(wrong);
  });

  it("--cache answers a repeated request without calling the server", async () => {
    const cache = join(directory, "cache.sqlite");
    const args = [prompt, ...providerArgs(), "--max-tokens", "4", "--top", "2", "--json", "--cache", cache];
    const before = requests.length;
    const first = await runCli(args);
    const afterFirst = requests.length;
    const second = await runCli(args);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(afterFirst - before).toBe(1);
    expect(requests.length).toBe(afterFirst);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(cache).toString("latin1")).not.toContain(KEY);
  });

  it("batch spreads the items over two servers and writes one line each", async () => {
    const input = join(directory, "in.jsonl");
    const out = join(directory, "out.jsonl");
    writeFileSync(
      input,
      `${[
        { id: "a", prompt, maxTokens: 3 },
        { id: "b", prompt: "The dog", maxTokens: 3, topLogprobs: 2 },
        { id: "c", score: "Once upon a time, there was a girl." },
        { id: "d", messages: [{ role: "user", content: "Hi" }], maxTokens: 2 },
      ]
        .map((item) => JSON.stringify(item))
        .join("\n")}\n`,
    );
    const run = await runCli([
      "batch",
      input,
      "--out",
      out,
      "--provider",
      "openai-compatible",
      "--base-url",
      `${servers[0]!.url}/v1`,
      "--base-url",
      `${servers[1]!.url}/v1`,
      "--model",
      engine.id,
      "--api-key",
      KEY,
      "--concurrency",
      "2",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("4 succeeded, 0 failed, 0 skipped over 2 servers (2/2 requests)");
    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id).sort()).toEqual(["a", "b", "c", "d"]);
    const direct = await engine.generate({ prompt, maxTokens: 3 });
    const a = lines.find((line) => line.id === "a");
    expect(a.text).toBe(direct.text);
    const joint = direct.sequence.tokens.reduce((sum, token) => sum + token.logprob!, 0);
    expect(Math.abs(a.summary.jointLogprob - joint)).toBeLessThan(1e-6);
    expect(new Set(lines.map((line) => line.server)).size).toBe(2);
  });
});
