/**
 * `logprobe score A B C --parallel 2`: several texts scored at once on separate context sequences
 * (the native path packs their tokens into shared decodes). Oracle: each file scored alone by the
 * same CLI. Tolerance 1e-4 nats: a decode shared with other sequences sums floats in another
 * order (measured gaps are below 1e-5 on the shared test model).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const TEXTS = [
  "Once upon a time, there was a little girl named Lily.",
  "She loved to play outside in the park with her friends.",
  "One day, she saw a big, red ball under a tree.",
];

interface Line {
  file?: string;
  type: string;
  logprob?: number;
  perplexity?: number;
}

function lines(stdout: string): Line[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Line);
}

describe.skipIf(!requireTestModel())("score over many files", () => {
  it("scores each file as it is scored alone, in input order, naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-score-many-"));
    const files = TEXTS.map((text, i) => {
      const path = join(dir, `text-${i}.txt`);
      writeFileSync(path, text);
      return path;
    });
    const common = ["--jsonl", "--model", testModelPath, "--gpu", "off", "--threads", "1"];
    const together = await runCli(["score", ...files, "--parallel", "2", ...common]);
    expect(together.stderr).toBe("");
    expect(together.code).toBe(0);
    const all = lines(together.stdout);
    expect(all.filter((line) => line.type === "summary").map((line) => line.file)).toEqual(files);
    for (const file of files) {
      const alone = lines((await runCli(["score", file, ...common])).stdout);
      const mine = all.filter((line) => line.file === file);
      expect(mine.length).toBe(alone.length);
      for (const [i, line] of mine.entries()) {
        expect(line.type).toBe(alone[i]!.type);
        if (line.logprob !== undefined)
          expect(Math.abs(line.logprob - alone[i]!.logprob!)).toBeLessThan(1e-4);
      }
      const summary = mine.at(-1)!;
      expect(Math.abs(summary.perplexity! - alone.at(-1)!.perplexity!)).toBeLessThan(1e-4);
    }
  });

  it("rejects --parallel out of range, naming the flag", async () => {
    const run = await runCli(["score", "-", "--parallel", "0", "--model", testModelPath], { stdin: "x" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--parallel.*1 to 64/);
  });
});
