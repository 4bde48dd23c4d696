/**
 * Adversarial: `logprobe batch` interrupted by SIGINT, then resumed (issue 15, finding 11), as a
 * real process over the engine and stories260K. The first SIGINT must stop it cleanly (exit 130
 * with a message, not death by signal), and the rerun must finish the rest: every input id in the
 * output exactly once, none lost, none duplicated. Oracle: the set of input ids.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../cli/helpers/capture-io.js";
import { repoRoot } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-sigint-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const count = 40;
const ids = Array.from({ length: count }, (_, index) => `q${index}`);

function outputIds(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

/** Runs the batch and sends SIGINT once `after` lines are written; resolves with the exit. */
function runAndInterrupt(args: string[], out: string, after: number) {
  return new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
    linesAtSignal: number;
  }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let linesAtSignal = -1;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const poll = setInterval(() => {
      const lines = outputIds(out).length;
      if (linesAtSignal < 0 && lines >= after) {
        linesAtSignal = lines;
        child.kill("SIGINT");
      }
    }, 5);
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, stderr, linesAtSignal });
    });
  });
}

describe.skipIf(!requireTestModel())("batch interrupted by SIGINT, then resumed", () => {
  it("exits 130 with a message, and the rerun writes every id exactly once", async () => {
    const input = join(directory, "in.jsonl");
    const out = join(directory, "out.jsonl");
    writeFileSync(
      input,
      ids
        .map((id, index) => JSON.stringify({ id, prompt: `Once upon a time ${index}`, maxTokens: 32 }))
        .join("\n"),
    );
    const args = [
      "batch",
      input,
      "--out",
      out,
      "--model",
      testModelPath,
      "--context-size",
      "256",
      "--concurrency",
      "2",
    ];
    const first = await runAndInterrupt(args, out, 3);
    expect(first.signal).toBeNull();
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(/SIGINT: stopping/);
    expect(first.stderr).toMatch(/run again to resume/);
    const partial = outputIds(out);
    expect(partial.length).toBeGreaterThanOrEqual(first.linesAtSignal);
    expect(partial.length).toBeLessThan(count);
    expect(new Set(partial).size).toBe(partial.length);

    // The rerun, in this process (the same runBatchCommand the CLI calls, over the same model).
    const { runBatchCommand, parseBatchCommandOptions } = await import("../../src/cli/commands/batch.js");
    const { loadModel } = await import("../../src/engine/index.js");
    const model = await loadModel({ model: testModelPath, contextSize: 256, gpu: false });
    const io = captureIo();
    try {
      await runBatchCommand(
        input,
        parseBatchCommandOptions({ out, concurrency: "2" }),
        [{ model, label: "engine" }],
        io.io,
      );
    } finally {
      await model.close();
    }
    expect(io.stderr()).toContain(`${partial.length} skipped`);
    const final = outputIds(out);
    expect(final).toHaveLength(count);
    expect([...final].sort()).toEqual([...ids].sort());
    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { ok: boolean });
    expect(lines.every((line) => line.ok)).toBe(true);
  }, 180_000);
});
