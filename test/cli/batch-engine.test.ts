/**
 * `logprobe batch` on a local model: `--concurrency N` opens N context sequences and the engine
 * packs the items in flight into shared decodes. Oracle: the same input run with `--concurrency 1`
 * (every item decoded alone); test/engine/packed-requests.test.ts measures the packing itself.
 *
 * Tolerances: scored texts 1e-4 nats (measured 0: their decodes hold many tokens either way).
 * Generated tokens 5e-3 nats on the joint logprob of 12 tokens: a generation step packed with other
 * sequences decodes 4 tokens where alone it decodes 1, and llama.cpp's kernels round differently at
 * the two batch sizes. Measured on stories260K: up to 1.6e-3 per token on the native path and 1.3e-3
 * on node-llama-cpp's own evaluator (LOGPROBE_NATIVE=0), so the gap is llama.cpp's; the text is
 * the same.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

interface ResultLine {
  id: string;
  ok: boolean;
  text?: string;
  summary: { jointLogprob: number; tokenCount: number };
}

const ITEMS = [
  { id: "s1", score: "Once upon a time, there was a little girl named Lily." },
  { id: "g1", prompt: "Lily and Tom went to the", maxTokens: 12 },
  { id: "s2", score: "She loved to play outside in the park with her friends." },
  { id: "g2", prompt: "One day, a big dog", maxTokens: 12 },
  { id: "s3", score: "The sun was shining and the birds were singing." },
  { id: "g3", prompt: "The cat sat on the", maxTokens: 12 },
];

async function runBatch(concurrency: number): Promise<Map<string, ResultLine>> {
  const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-engine-"));
  const input = join(directory, "in.jsonl");
  const out = join(directory, "out.jsonl");
  writeFileSync(input, ITEMS.map((item) => JSON.stringify(item)).join("\n"));
  const run = await runCli([
    "batch",
    input,
    "--out",
    out,
    "--concurrency",
    String(concurrency),
    "--model",
    testModelPath,
    "--context-size",
    "256",
    "--threads",
    "1",
  ]);
  expect(run.code, run.stderr).toBe(0);
  const lines = readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ResultLine);
  return new Map(lines.map((line) => [line.id, line]));
}

describe.skipIf(!requireTestModel())("batch on a local model (stories260K)", () => {
  it("gives every item the numbers it gets alone when items are packed four at a time", async () => {
    const alone = await runBatch(1);
    const packed = await runBatch(4);
    expect([...packed.keys()].sort()).toEqual(ITEMS.map((item) => item.id).sort());
    for (const item of ITEMS) {
      const one = alone.get(item.id)!;
      const four = packed.get(item.id)!;
      expect(four.ok && one.ok, item.id).toBe(true);
      expect(four.text, item.id).toBe(one.text);
      expect(four.summary.tokenCount, item.id).toBe(one.summary.tokenCount);
      const tolerance = "score" in item ? 1e-4 : 5e-3;
      expect(Math.abs(four.summary.jointLogprob - one.summary.jointLogprob), item.id).toBeLessThan(tolerance);
    }
  }, 60_000);
});
