/**
 * Adversarial: `logprobe batch` killed with SIGKILL (no handler runs) several times at arbitrary
 * moments, then run to the end with the same `--out`. Once, the file is also cut inside its last
 * line, at a random byte, which is exactly what a kill in the middle of a write leaves (a prefix of
 * the line's bytes: Node writes a line longer than 512 KiB in several write calls, and the kernel
 * may stop a large write at a fatal signal). Oracles: the set of input ids (each exactly once,
 * every line whole JSON), and the lines written before each kill (kept byte for byte).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-sigkill-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const count = 48;
const ids = Array.from({ length: count }, (_, index) => `q${index}`);

function wholeLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  return text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter((line) => line !== "");
}

describe.skipIf(!requireTestModel())("batch killed with SIGKILL, then resumed", () => {
  it("ends with every id exactly once and no torn line, whenever the kills fall", async () => {
    const input = join(directory, "in.jsonl");
    const out = join(directory, "out.jsonl");
    writeFileSync(
      input,
      ids
        .map((id, index) =>
          JSON.stringify({ id, prompt: `Once upon a time ${index}`, maxTokens: 24, topLogprobs: 8 }),
        )
        .join("\n"),
    );
    const args = [
      "batch",
      input,
      "--out",
      out,
      "--model",
      testModelPath,
      "--threads",
      "1",
      "--context-size",
      "256",
      "--gpu",
      "off",
      "--concurrency",
      "4",
      "--tokens",
    ];
    const kept: string[] = [];
    for (const [round, after] of [5, 14, 23, 31].entries()) {
      const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "ignore"],
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      // Kill as soon as `after` whole lines are there, while the next writes are under way.
      const deadline = Date.now() + 90_000;
      while (wholeLines(out).length < after && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      child.kill("SIGKILL");
      await exited;
      const lines = wholeLines(out);
      expect(lines.length, `round ${round}`).toBeGreaterThanOrEqual(after);
      // What earlier rounds wrote is still there, byte for byte.
      expect(lines.slice(0, kept.length)).toEqual(kept);
      if (round === 1) {
        // A kill inside a write: keep a random prefix of the last line, without its newline.
        const text = readFileSync(out, "utf8");
        const last = lines.at(-1) as string;
        const start = Buffer.byteLength(text) - Buffer.byteLength(`${last}\n`);
        truncateSync(out, start + 1 + Math.floor(Math.random() * (Buffer.byteLength(last) - 1)));
        expect(readFileSync(out, "utf8").endsWith("\n")).toBe(false);
        lines.pop();
      }
      kept.splice(0, kept.length, ...lines);
    }

    const final = await runCli(args, { timeoutMs: 120_000 });
    expect(final.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.split("\n").filter((line) => line !== "");
    expect(lines.slice(0, kept.length)).toEqual(kept);
    const parsed = lines.map((line) => JSON.parse(line) as { id: string; ok: boolean });
    expect(parsed.map((line) => line.id).sort()).toEqual([...ids].sort());
    expect(parsed.every((line) => line.ok)).toBe(true);
  }, 240_000);
});
