/**
 * `logprobe choose` on stories260K with the in-repo fixtures (test/cli/__fixtures__/choose/, made by
 * bench/make-choice-fixtures.ts: each gold ending is the model's own greedy continuation). The
 * oracle for each loglikelihood is scoring `context + continuation` and `context` alone with
 * `model.score` and summing the continuation's token logprobs.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readChoiceItems } from "../../src/cli/choice-input.js";
import type { ChoiceItemRecord } from "../../src/cli/choose-run.js";
import { runChooseCommand } from "../../src/cli/commands/choose.js";
import type { EngineModel } from "../../src/engine/index.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { testModelPath } from "../helpers/test-model.js";

const fixtures = join(repoRoot, "test", "cli", "__fixtures__", "choose");

function captureIo() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: {},
    },
  };
}

const baseOptions = { json: true, perItem: true } as const;

describe("logprobe choose (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine({ parallel: 2 });
  });
  afterAll(async () => {
    await model?.close();
  });

  it("gives each choice the loglikelihood of scoring it alone, and the same answers in every file format", async () => {
    const { io, out } = captureIo();
    await runChooseCommand(
      model,
      join(fixtures, "stories.jsonl"),
      "jsonl",
      { ...baseOptions, parallel: 2 },
      2,
      io,
    );
    const report = JSON.parse(out.stdout) as {
      items: ChoiceItemRecord[];
      acc: number;
      accNorm: number;
      accStderr: number;
    };
    expect(report.items).toHaveLength(8);
    // Every gold ending is the model's own greedy text: it wins.
    expect(report.acc).toBe(1);
    let index = 0;
    for await (const { item } of readChoiceItems(join(fixtures, "stories.jsonl"), "jsonl")) {
      const record = report.items[index++]!;
      for (const [choice, request] of item.requests.entries()) {
        const context = await model.score({ text: request.context });
        const full = await model.score({ text: request.context + request.continuation });
        const oracle = full.sequence.tokens
          .slice(context.sequence.tokens.length)
          .reduce((sum, token) => sum + (token.logprob as number), 0);
        expect(record.loglikelihoods[choice]).toBeCloseTo(oracle, 4);
      }
    }
    for (const [file, format] of [
      ["stories-hellaswag.txt", "hellaswag"],
      ["stories-multiple-choice.bin", "multiple-choice"],
    ] as const) {
      const other = captureIo();
      await runChooseCommand(
        model,
        join(fixtures, file),
        format,
        { ...baseOptions, parallel: 1 },
        1,
        other.io,
      );
      const items = (JSON.parse(other.out.stdout) as { items: ChoiceItemRecord[] }).items;
      expect(items.map((item) => item.pred)).toEqual(report.items.map((item) => item.pred));
      for (const [position, item] of items.entries()) {
        for (const [choice, value] of item.loglikelihoods.entries()) {
          expect(value).toBeCloseTo(report.items[position]!.loglikelihoods[choice]!, 4);
        }
      }
    }
  });

  it("scores Winogrande items by their partial context (the continuation after _ is shared)", async () => {
    const { io, out } = captureIo();
    await runChooseCommand(
      model,
      join(fixtures, "stories-winogrande.csv"),
      "winogrande",
      { ...baseOptions, parallel: 1 },
      1,
      io,
    );
    const report = JSON.parse(out.stdout) as { items: ChoiceItemRecord[]; acc: number };
    expect(report.items).toHaveLength(4);
    const first = report.items[0]!;
    const context = "Once upon a time, there was a little girl named Lily";
    const alone = await model.score({ text: context });
    const full = await model.score({ text: `${context}. She loved to play outside in the park.` });
    const oracle = full.sequence.tokens
      .slice(alone.sequence.tokens.length)
      .reduce((sum, token) => sum + (token.logprob as number), 0);
    expect(first.loglikelihoods[0]).toBeCloseTo(oracle, 4);
  });

  it("resumes from --output: the items there are not scored again and the summary counts them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-choose-"));
    const output = join(dir, "out.jsonl");
    const first = captureIo();
    await runChooseCommand(
      model,
      join(fixtures, "stories.jsonl"),
      "jsonl",
      { ...baseOptions, output, parallel: 1 },
      1,
      first.io,
    );
    const lines = readFileSync(output, "utf8").trim().split("\n");
    expect(lines).toHaveLength(8);
    // Keep 5 items and a line cut short by a killed run.
    writeFileSync(output, `${lines.slice(0, 5).join("\n")}\n${lines[5]!.slice(0, 20)}`);
    const second = captureIo();
    const run = await runChooseCommand(
      model,
      join(fixtures, "stories.jsonl"),
      "jsonl",
      { ...baseOptions, output, parallel: 1 },
      1,
      second.io,
    );
    expect(run.resumed).toBe(5);
    expect(run.summary.items).toBe(8);
    const rewritten = readFileSync(output, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ChoiceItemRecord);
    expect(rewritten.map((record) => record.index).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("stops at a malformed line naming its number, keeping the items before it in --output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-choose-"));
    const data = join(dir, "data.jsonl");
    copyFileSync(join(fixtures, "stories.jsonl"), data);
    const good = readFileSync(data, "utf8").trim().split("\n");
    writeFileSync(
      data,
      `${good.slice(0, 3).join("\n")}\n{"context":"A dog","choices":["ran",""],"gold":0}\n${good[3]}\n`,
    );
    const output = join(dir, "out.jsonl");
    const run = await runCli(
      ["choose", data, "--model", testModelPath, "--threads", "1", "--output", output],
      {
        env: { LOGPROBE_NATIVE_CPU: "0" },
        timeoutMs: 120_000,
      },
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("line 4: choices[1]");
    expect(run.stderr).toContain("choose stopped after 3 items");
    expect(readFileSync(output, "utf8").trim().split("\n")).toHaveLength(3);
  }, 120_000);

  it("names a choice whose context and continuation exceed the context window", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-choose-"));
    const data = join(dir, "long.jsonl");
    writeFileSync(
      data,
      `${JSON.stringify({ context: "The dog ran. ".repeat(300), choices: ["yes", "no"], gold: 0 })}\n`,
    );
    const { io, out } = captureIo();
    await expect(
      runChooseCommand(model, data, "jsonl", { ...baseOptions, parallel: 1 }, 1, io),
    ).rejects.toMatchObject({
      field: "line 1: context",
      message: expect.stringMatching(
        /^line 1: context needs \d+ tokens but the context holds 512 \(allowed: 1 to 511 text tokens\)/,
      ),
    });
    expect(out.stderr).toContain("choose stopped after 0 items");
  });
});

describe("logprobe choose against llama-perplexity (recorded)", () => {
  const oracle = JSON.parse(readFileSync(join(fixtures, "llama-perplexity-oracle.json"), "utf8")) as {
    hellaswag: { accuracy: number };
    multipleChoice: { accuracy: number };
    winogrande: { results: number[] };
  };
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model?.close();
  });

  const run = async (file: string, format: "hellaswag" | "multiple-choice" | "winogrande") => {
    const { io, out } = captureIo();
    await runChooseCommand(model, join(fixtures, file), format, { ...baseOptions, parallel: 1 }, 1, io);
    return (JSON.parse(out.stdout) as { items: ChoiceItemRecord[] }).items;
  };

  it("makes llama-perplexity's choices: HellaSwag and multiple-choice accuracy; on Winogrande lm-eval's partial scoring picks as it does", async () => {
    const hellaswag = await run("stories-hellaswag-relabelled.txt", "hellaswag");
    const hits = hellaswag.filter((item) => item.predLlamaPerplexity === item.gold).length;
    expect(hits / hellaswag.length).toBe(oracle.hellaswag.accuracy);
    const multiple = await run("stories-multiple-choice.bin", "multiple-choice");
    expect(multiple.filter((item) => item.predLlamaPerplexity === item.gold).length / multiple.length).toBe(
      oracle.multipleChoice.accuracy,
    );
    const winogrande = await run("stories-winogrande.csv", "winogrande");
    expect(winogrande.slice(0, oracle.winogrande.results.length).map((item) => item.pred + 1)).toEqual(
      oracle.winogrande.results,
    );
  });
});
