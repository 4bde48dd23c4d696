import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { captureIo } from "../../../test/cli/helpers/capture-io.js";
import { createFakeModel, fakeLogprobs, fakeTokenize } from "../../../test/helpers/fake-model.js";
import { InvalidInputError } from "../../core/errors.js";
import { buildProgram } from "../main.js";
import { parseBatchCommandOptions, runBatchCommand } from "./batch.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function workspace() {
  const directory = mkdtempSync(join(tmpdir(), "logprobe-batch-cli-"));
  directories.push(directory);
  return { input: join(directory, "in.jsonl"), out: join(directory, "out.jsonl") };
}

const scoredText = " the cat sat on the mat.";

describe("logprobe batch", () => {
  it("scores and generates with two models, records a bad line, and resumes", async () => {
    const { input, out } = workspace();
    writeFileSync(
      input,
      [
        JSON.stringify({ id: "s", score: scoredText }),
        JSON.stringify({ id: "g", prompt: " the", maxTokens: 4 }),
        JSON.stringify({ id: "bad", prompt: " the", maxTokens: -1 }),
        "",
      ].join("\n"),
    );
    const members = [
      { model: createFakeModel(), label: "one" },
      { model: createFakeModel(), label: "two" },
    ];
    const captured = captureIo({ isTTY: false });
    const options = parseBatchCommandOptions({ out, concurrency: "2", tokens: true });
    const stats = await runBatchCommand(input, options, members, captured.io);
    expect(stats).toMatchObject({ succeeded: 2, failed: 1, skipped: 0 });
    expect(captured.stderr()).toContain("batch: 2 succeeded, 1 failed, 0 skipped over 2 servers");

    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const score = lines.find((line) => line.id === "s");
    // Oracle: the fake bigram model's closed-form distributions, each token given the one before,
    // starting after BOS (id 0).
    const ids = fakeTokenize(scoredText);
    const logprobs = ids.map((id, index) => fakeLogprobs(index === 0 ? 0 : ids[index - 1]!)[id]!);
    const sum = logprobs.reduce((total, value) => total + value, 0);
    expect(score.ok).toBe(true);
    expect(score.perplexity).toBeCloseTo(Math.exp(-sum / logprobs.length), 12);
    expect(score.summary.jointLogprob).toBeCloseTo(sum, 12);
    expect(score.bitsPerByte).toBeCloseTo(-sum / Math.LN2 / 24, 12);
    const generated = lines.find((line) => line.id === "g");
    expect(generated).toMatchObject({ ok: true, type: "generate" });
    // Oracle: each generated token's logprob from the closed form, given the token before it.
    let previous = fakeTokenize(" the").at(-1)!;
    let joint = 0;
    for (const token of generated.tokens as { id: number; logprob: number }[]) {
      joint += fakeLogprobs(previous)[token.id]!;
      previous = token.id;
    }
    expect(generated.tokens.length).toBeGreaterThan(0);
    expect(generated.summary.jointLogprob).toBeCloseTo(joint, 12);
    expect(generated.summary.tokenCount).toBe(generated.tokens.length);
    expect(lines.find((line) => line.id === "bad")).toMatchObject({
      ok: false,
      error: { code: "invalid_input", field: "line 3.maxTokens" },
    });

    // Second run: everything is already in OUT.
    const again = await runBatchCommand(input, options, members, captureIo({ isTTY: false }).io);
    expect(again).toMatchObject({ succeeded: 0, failed: 0, skipped: 3 });
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(3);
  });

  it("requires --out and validates --concurrency and --strategy, naming the flag", () => {
    expect(() => parseBatchCommandOptions({})).toThrow(InvalidInputError);
    const tooMany = () => parseBatchCommandOptions({ out: "x", concurrency: "1000" });
    expect(tooMany).toThrow(/from 1 to 256/);
    let error: unknown;
    try {
      parseBatchCommandOptions({ out: "x", strategy: "random" });
    } catch (caught) {
      error = caught;
    }
    expect((error as InvalidInputError).field).toBe("--strategy");
  });

  it("is registered with the provider flags", () => {
    const batch = buildProgram().commands.find((command) => command.name() === "batch");
    const flags = batch?.options.map((option) => option.long);
    expect(flags).toEqual(
      expect.arrayContaining(["--out", "--concurrency", "--provider", "--base-url", "--cache"]),
    );
  });
});
