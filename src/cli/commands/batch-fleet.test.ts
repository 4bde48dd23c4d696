/**
 * The batch command's fleet and shard flags, in process with fake models: the per-server table,
 * the exit for items that failed on every server, `--shard` over 3 runs covering the input once,
 * and a torn last line cut off on resume.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { captureIo } from "../../../test/cli/helpers/capture-io.js";
import { createFakeModel } from "../../../test/helpers/fake-model.js";
import { ApiCallError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { parseBatchCommandOptions, runBatchCommand } from "./batch.js";
import { runBatchMerge } from "./batch-merge.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function workspace(count: number) {
  const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-fleet-"));
  directories.push(directory);
  const input = join(directory, "in.jsonl");
  writeFileSync(
    input,
    Array.from({ length: count }, (_, index) =>
      JSON.stringify({ id: `q${index}`, prompt: " the", maxTokens: 3 }),
    ).join("\n"),
  );
  return { directory, input };
}

/** A fake server that is down: every request fails as a refused connection does. */
function deadModel(): LogprobModel {
  const model = createFakeModel();
  const refuse = async (): Promise<never> => {
    throw new ApiCallError({
      message: "POST http://dead/v1 network error: fetch failed",
      url: "http://dead/v1",
      isRetryable: true,
    });
  };
  return { ...model, id: model.id, source: model.source, generate: refuse, score: refuse } as LogprobModel;
}

const readIds = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => (JSON.parse(line) as { id: string }).id);

describe("logprobe batch over a fleet", () => {
  it("fails over from a dead server, and prints the per-server table", async () => {
    const { directory, input } = workspace(20);
    const out = join(directory, "out.jsonl");
    const captured = captureIo({ isTTY: false });
    const members = [
      { model: createFakeModel(), label: "http://alive/v1" },
      { model: deadModel(), label: "http://dead/v1" },
    ];
    const stats = await runBatchCommand(
      input,
      parseBatchCommandOptions({ out, concurrency: "4" }),
      members,
      captured.io,
    );
    expect(stats).toMatchObject({ succeeded: 20, failed: 0 });
    const stderr = captured.stderr();
    expect(stderr).toContain("server #2 http://dead/v1 is down (3 failures in a row); probing it");
    expect(stderr).toMatch(/#1 http:\/\/alive\/v1\s+up\s+20\s+20\s+100\.0%\s+0\s/);
    expect(stderr).toMatch(/#2 http:\/\/dead\/v1\s+down\s+3\s+0\s+0\.0%\s+3\s/);
  });

  it("exits as a remote failure, naming --retry-failed, when an item failed on every server", async () => {
    const { directory, input } = workspace(2);
    const out = join(directory, "out.jsonl");
    const captured = captureIo({ isTTY: false });
    const members = [{ model: deadModel(), label: "http://dead/v1" }];
    const run = runBatchCommand(
      input,
      parseBatchCommandOptions({ out, concurrency: "1", downAfter: "100" }),
      members,
      captured.io,
    );
    await expect(run).rejects.toThrow(/2 item\(s\) failed on every server.*--retry-failed/);
    await expect(run).rejects.toBeInstanceOf(ApiCallError);
    expect(readIds(out).sort()).toEqual(["q0", "q1"]);
  });

  it("--shard 0/3, 1/3, 2/3 cover the input once, and batch-merge joins them", async () => {
    const { directory, input } = workspace(30);
    const outs = [0, 1, 2].map((index) => join(directory, `shard-${index}.jsonl`));
    for (const [index, out] of outs.entries()) {
      const captured = captureIo({ isTTY: false });
      const options = parseBatchCommandOptions({ out, shard: `${index}/3` });
      await runBatchCommand(input, options, [{ model: createFakeModel(), label: "engine" }], captured.io);
      expect(captured.stderr()).toMatch(new RegExp(`shard ${index}/3; \\d+ left to other shards`));
    }
    const all = outs.flatMap(readIds);
    expect(all.sort()).toEqual(Array.from({ length: 30 }, (_, index) => `q${index}`).sort());
    for (const out of outs) expect(readIds(out).length).toBeGreaterThan(0);

    const merged = captureIo({ isTTY: false });
    await expect(runBatchMerge(outs, { input }, merged.io)).resolves.toMatchObject({ lines: 30, failed: 0 });
    expect(
      merged
        .stdout()
        .split("\n")
        .filter((line) => line !== ""),
    ).toHaveLength(30);
    // A shard that is missing: nothing is written, and the missing ids are named.
    const partial = captureIo({ isTTY: false });
    await expect(runBatchMerge(outs.slice(0, 2), { input }, partial.io)).rejects.toThrow(
      /input id\(s\) are missing: q/,
    );
    expect(partial.stdout()).toBe("");
  });

  it("rejects a bad --shard naming the flag", () => {
    expect(() => parseBatchCommandOptions({ out: "x", shard: "3/3" })).toThrow(
      expect.objectContaining({ field: "--shard" }),
    );
  });

  it("cuts a torn last line on resume and writes the item again, whole", async () => {
    const { directory, input } = workspace(3);
    const out = join(directory, "out.jsonl");
    const options = parseBatchCommandOptions({ out, concurrency: "1" });
    await runBatchCommand(
      input,
      options,
      [{ model: createFakeModel(), label: "engine" }],
      captureIo({ isTTY: false }).io,
    );
    const text = readFileSync(out, "utf8");
    const lines = text.trimEnd().split("\n");
    // Leave the last line as a kill in the middle of its write would: a prefix, no newline.
    writeFileSync(out, `${lines.slice(0, 2).join("\n")}\n`);
    appendFileSync(out, (lines[2] as string).slice(0, 25));
    await runBatchCommand(
      input,
      options,
      [{ model: createFakeModel(), label: "engine" }],
      captureIo({ isTTY: false }).io,
    );
    const after = readFileSync(out, "utf8");
    expect(after.endsWith("\n")).toBe(true);
    expect(readIds(out).sort()).toEqual(["q0", "q1", "q2"]);
  });
});
