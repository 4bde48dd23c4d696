/**
 * The second attack run's batch findings (issue 26): a duplicate `custom_id` interrupted by
 * Ctrl-C must not lose the first request (finding 5), its error line is in OpenAI's shape and
 * names `custom_id`; `--out` given the input file, or a file of lines that are not batch output,
 * is refused with the file untouched (finding 6); a too-long prompt is a 400 in the OpenAI output
 * line, as `serve` answers, not a 500 that clients retry (finding 7). Oracles: the set of ids in
 * the output after an interrupted run and its resume, the file's bytes, and OpenAI's batch output
 * shape (`response.status_code`, `error`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ContextOverflowError } from "../../src/core/errors.js";
import type { LogprobModel } from "../../src/core/model.js";
import {
  JsonLinesWriter,
  ModelPool,
  readExistingOutput,
  runBatch,
  toOpenAIBatchOutput,
} from "../../src/providers/batch/index.js";
import { createFakeModel } from "../helpers/fake-model.js";

const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-attack-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const request = (id: string, prompt: string) =>
  JSON.stringify({
    custom_id: id,
    method: "POST",
    url: "/v1/completions",
    body: { model: "m", prompt, max_tokens: 3 },
  });

async function run(model: LogprobModel, lines: string[], out: string, signal?: AbortSignal) {
  const existing = await readExistingOutput(out);
  const writer = await JsonLinesWriter.open(out);
  try {
    return await runBatch({
      lines,
      pool: new ModelPool([{ model, label: "fake" }], "round-robin"),
      concurrency: 2,
      skipIds: existing.completed,
      write: (line, openai) => writer.write(openai ? toOpenAIBatchOutput(line, openai) : line),
      ...(signal ? { signal } : {}),
    });
  } finally {
    await writer.close();
  }
}

function outputLines(
  path: string,
): { custom_id: string; response: { status_code: number } | null; error: unknown }[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

describe("batch: a duplicate custom_id, interrupted", () => {
  it("writes the duplicate's error only after the first item, so the resumed run does the first", async () => {
    const out = join(directory, "dup.jsonl");
    const lines = [request("dup", "slow"), request("dup", "again")];
    const controller = new AbortController();
    const slow = createFakeModel({ delayMs: 30 });
    const interrupted = run(slow, lines, out, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 40));
    controller.abort();
    const first = await interrupted;
    expect(first.cancelled).toBe(2);
    expect(outputLines(out)).toEqual([]);
    const resumed = await run(createFakeModel(), lines, out);
    expect(resumed.succeeded).toBe(1);
    expect(resumed.failed).toBe(1);
    const written = outputLines(out);
    expect(written.map((line) => line.custom_id)).toEqual(["dup", "dup"]);
    expect(written[0]!.response?.status_code).toBe(200);
    // The duplicate's line is in OpenAI's batch shape and names custom_id.
    expect(written[1]!.response?.status_code).toBe(400);
    expect(JSON.stringify(written[1]!.response ?? written[1]!.error)).toContain("custom_id");
    expect(JSON.stringify(written[1])).not.toContain(".id");
  });
});

describe("batch --out that is not batch output", () => {
  it("refuses a file of other lines and leaves it as it was", async () => {
    const path = join(directory, "self.jsonl");
    const text = Array.from({ length: 3000 }, (_, index) => `not json ${index}`).join("\n");
    writeFileSync(path, text);
    await expect(readExistingOutput(path)).rejects.toMatchObject({ field: "--out" });
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("still drops a last line cut short by a crash", async () => {
    const path = join(directory, "crashed.jsonl");
    writeFileSync(path, `${JSON.stringify({ id: "a", ok: true })}\n{"id": "b", "ok`);
    expect([...(await readExistingOutput(path)).completed]).toEqual(["a"]);
    expect(readFileSync(path, "utf8")).toBe(`${JSON.stringify({ id: "a", ok: true })}\n`);
  });
});

describe("batch: a too-long prompt", () => {
  it("is a 400 context_length_exceeded in the OpenAI output line, as serve answers", async () => {
    const base = createFakeModel();
    const model: LogprobModel = {
      ...base,
      generate: async () => {
        throw new ContextOverflowError(9000, 512);
      },
    };
    const out = join(directory, "overflow.jsonl");
    await run(model, [request("long", "x")], out);
    const [line] = outputLines(out);
    expect(line!.response?.status_code).toBe(400);
  });
});
