import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkBatchOutputs, describeMergeProblems, mergedLines } from "./merge-batch-outputs.js";

const directory = mkdtempSync(join(tmpdir(), "logprobe-merge-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, lines: string[]): string {
  const path = join(directory, name);
  writeFileSync(path, lines.map((line) => `${line}\n`).join(""));
  return path;
}

const line = (id: string, ok = true) => JSON.stringify({ id, ok });
const input = file(
  "in.jsonl",
  ["a", "b", "c", "d"].map((id) => JSON.stringify({ id, prompt: "x" })),
);

describe("merging shard outputs", () => {
  it("passes disjoint outputs that cover the input, and yields their lines in file order", async () => {
    const outputs = [file("0.jsonl", [line("b"), line("d", false)]), file("1.jsonl", [line("a"), line("c")])];
    const check = await checkBatchOutputs(outputs, input);
    expect(describeMergeProblems(check)).toEqual([]);
    expect(check).toMatchObject({ lines: 4, failed: 1 });
    const merged: string[] = [];
    for await (const text of mergedLines(outputs)) merged.push(text);
    expect(merged.map((text) => (JSON.parse(text) as { id: string }).id)).toEqual(["b", "d", "a", "c"]);
  });

  it("names duplicated, missing, foreign ids and unreadable lines", async () => {
    const outputs = [
      file("x.jsonl", [line("a"), line("b"), '{"id":"c","ok":tr']),
      file("y.jsonl", [line("b"), line("z")]),
    ];
    const check = await checkBatchOutputs(outputs, input);
    expect(check.duplicates.get("b")).toEqual(outputs);
    expect(check.missing).toEqual(["c", "d"]);
    expect(check.foreign).toEqual(["z"]);
    expect(check.unreadable).toEqual([`${outputs[0]}:3`]);
    const problems = describeMergeProblems(check).join("; ");
    expect(problems).toContain("1 id(s) are duplicated: b (");
    expect(problems).toContain("2 input id(s) are missing: c, d");
    expect(problems).toContain("1 id(s) are not in the input: z");
  });

  it("reads OpenAI Batch API output lines by custom_id", async () => {
    const openai = (customId: string) =>
      JSON.stringify({
        id: "batch_req_1",
        custom_id: customId,
        response: { status_code: 200, body: {} },
        error: null,
      });
    const check = await checkBatchOutputs(
      [file("o.jsonl", [openai("a"), openai("b"), openai("c"), openai("d")])],
      input,
    );
    expect(describeMergeProblems(check)).toEqual([]);
  });
});
