/**
 * `logprobe batch` over a fleet of real `logprobe serve` processes on loopback (stories260K,
 * greedy): during a 300-item run one server is killed (SIGKILL) and another is killed and started
 * again on its port. Oracles: the set of input ids (every one exactly once, none failed); the
 * output lines themselves (each server's count equals the table's "answered" column); a run with
 * every item decoded alone (`--concurrency 1`), which a 4-way `--shard` run merged by
 * `batch-merge` must equal id for id and number for number, and which the fleet run (its decodes
 * packed) must match in text and within the packing tolerance in numbers.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-fleet-"));
const servers: (ChildProcess | undefined)[] = [];
afterAll(() => {
  for (const server of servers) server?.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

const count = 300;

interface ResultLine {
  id: string;
  ok: boolean;
  server?: string;
  text?: string;
  summary?: Record<string, number | null>;
  error?: { message: string };
}

function readLines(path: string): ResultLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ResultLine);
}

/** Starts `logprobe serve` on 127.0.0.1 (port 0: any free one); resolves with its base URL. */
function startServe(index: number, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/bin.ts",
        "serve",
        "--model",
        testModelPath,
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--parallel",
        "4",
        "--context-size",
        "256",
        "--threads",
        "1",
        // No prompt cache: a cached prefix changes how tokens are split across decodes, which
        // moves float sums (by up to 3e-4 nats), and the shards must equal the single run exactly.
        "--prompt-cache-tokens",
        "0",
        "--gpu",
        "off",
      ],
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    servers[index] = child;
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`serve ${index} did not start: ${stderr}`)), 90_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1]}/v1`);
      }
    });
    child.on("exit", (code) => reject(new Error(`serve ${index} exited with ${code}: ${stderr}`)));
  });
}

/** Runs a CLI process in the background; `done` resolves with its exit code and stderr. */
function spawnCli(args: string[]): {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; stderr: string }>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
  return {
    child,
    stderr: () => stderr,
    done: new Promise((resolve) =>
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      }),
    ),
  };
}

/** Polls `condition`; fails at once when the process it watches has exited without meeting it. */
const waitUntil = async (condition: () => boolean, watched?: ChildProcess) => {
  while (!condition()) {
    if (watched && watched.exitCode !== null) throw new Error(`batch exited (${watched.exitCode}) first`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** The table's rows: label -> answered. */
function tableAnswered(stderr: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of stderr.split("\n")) {
    const match = /^#\d+ (\S+)\s+(up|down)\s+(\d+)\s+(\d+)\s/.exec(line);
    if (match) rows.set(match[1] as string, Number(match[4]));
  }
  return rows;
}

describe.skipIf(!requireTestModel())("batch over 3 real servers, one killed and one restarted", () => {
  it("loses and doubles nothing, the table matches the lines, and 4 merged shards equal the run", async () => {
    const urls = await Promise.all([0, 1, 2].map((index) => startServe(index)));
    const input = join(directory, "in.jsonl");
    const inputLines = Array.from({ length: count }, (_, index) =>
      JSON.stringify({ id: `q${index}`, prompt: `Once upon a time ${index}`, maxTokens: 8, temperature: 0 }),
    );
    writeFileSync(input, inputLines.join("\n"));
    const provider = ["--provider", "openai-compatible", "--model", "stories260K.gguf"];
    const out = join(directory, "out.jsonl");
    // The input comes on stdin, half of it first, so that the restart surely falls inside the run.
    const batch = spawnCli([
      "batch",
      "-",
      "--out",
      out,
      ...provider,
      ...urls.flatMap((url) => ["--base-url", url]),
      "--concurrency",
      "8",
      "--strategy",
      "least-busy",
    ]);
    batch.child.stdin?.write(`${inputLines.slice(0, count / 2).join("\n")}\n`);
    // Kill server #1 a fifth of the way in; kill server #2 near half way and start it again.
    await waitUntil(() => readLines(out).length >= count / 5, batch.child);
    servers[0]?.kill("SIGKILL");
    await waitUntil(() => readLines(out).length >= count / 2 - 20, batch.child);
    const port1 = new URL(urls[1] as string).port;
    servers[1]?.kill("SIGKILL");
    await new Promise((resolve) => servers[1]?.once("exit", resolve));
    await startServe(1, Number(port1));
    // If the batch marked #2 down meanwhile, let its probe bring it back before the second half.
    await waitUntil(
      () =>
        !batch.stderr().includes(`#2 ${urls[1]} is down`) ||
        batch.stderr().includes(`#2 ${urls[1]} answers again`),
      batch.child,
    );
    batch.child.stdin?.end(`${inputLines.slice(count / 2).join("\n")}\n`);
    const { code, stderr } = await batch.done;
    expect(stderr).toContain(`${count} succeeded, 0 failed`);
    expect(code).toBe(0);

    const lines = readLines(out);
    const ids = lines.map((line) => line.id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(lines.every((line) => line.ok)).toBe(true);
    // The dead server was marked down; each server's line count is the table's "answered".
    expect(stderr).toMatch(new RegExp(`server #1 ${urls[0]} is down`));
    // The restarted server is back in the rotation: it answered items of the second half.
    const secondHalf = lines.filter((line) => Number(line.id.slice(1)) >= count / 2);
    expect(secondHalf.filter((line) => line.server === urls[1]).length).toBeGreaterThan(0);
    expect(secondHalf.filter((line) => line.server === urls[0])).toEqual([]);
    const answered = tableAnswered(stderr);
    expect([...answered.keys()].sort()).toEqual([...urls].sort());
    for (const url of urls) {
      expect(lines.filter((line) => line.server === url).length).toBe(answered.get(url));
    }

    // The oracle run: every item decoded alone (--concurrency 1), on one server.
    const live = [urls[1], urls[2]] as string[];
    const reference = join(directory, "single.jsonl");
    const alone = await spawnCli([
      "batch",
      input,
      "--out",
      reference,
      ...provider,
      "--base-url",
      live[1] as string,
      "--concurrency",
      "1",
    ]).done;
    expect(alone.code).toBe(0);
    const single = new Map(readLines(reference).map((line) => [line.id, line]));
    expect(single.size).toBe(count);
    // The fleet run packed up to 4 requests per decode on each server: same texts, numbers within
    // the packing tolerance of test/cli/batch-engine.test.ts (5e-3 nats on a joint logprob).
    for (const line of lines) {
      const expected = single.get(line.id);
      expect(line.text, line.id).toBe(expected?.text);
      const gap = Math.abs((line.summary?.jointLogprob ?? 0) - (expected?.summary?.jointLogprob ?? 1));
      expect(gap, line.id).toBeLessThan(5e-3);
    }

    // Four shards over the two live servers, as four array tasks would run them, each item decoded
    // alone, then merged: equal to the single run id for id and number for number.
    for (const index of [0, 1, 2, 3]) {
      const shard = await spawnCli([
        "batch",
        input,
        "--out",
        join(directory, `shard-${index}.jsonl`),
        ...provider,
        ...live.flatMap((url) => ["--base-url", url]),
        "--shard",
        `${index}/4`,
        "--concurrency",
        "1",
      ]).done;
      expect(shard.code).toBe(0);
      expect(shard.stderr).toMatch(new RegExp(`shard ${index}/4; \\d+ left to other shards`));
    }
    const shardFiles = [0, 1, 2, 3].map((index) => join(directory, `shard-${index}.jsonl`));
    for (const file of shardFiles) expect(readLines(file).length).toBeGreaterThan(count / 8);
    const merged = await runCli(["batch-merge", ...shardFiles, "--input", input]);
    expect(merged.stderr).toContain(`${count} lines from 4 file(s)`);
    expect(merged.code).toBe(0);
    const mergedLines = merged.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as ResultLine);
    expect(mergedLines).toHaveLength(count);
    expect(new Set(mergedLines.map((line) => line.id))).toEqual(new Set(single.keys()));
    for (const line of mergedLines) {
      const expected = single.get(line.id);
      expect(line.text, line.id).toBe(expected?.text);
      expect(line.summary, line.id).toEqual(expected?.summary);
    }
  }, 300_000);
});
