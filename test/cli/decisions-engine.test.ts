/**
 * Classification, calibration and prompt ambiguity on stories260K, in process and through the
 * spawned CLI. Oracles: the engine's own numbers from other code paths (echo logprobs of
 * `generate`, greedy generation), and hand computation of the softmax and the Gini-Simpson index.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify } from "../../src/core/decisions/classify.js";
import { promptAmbiguity } from "../../src/core/decisions/prompt-ambiguity.js";
import type { EngineModel } from "../../src/engine/index.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const text = "Lily was very";
const labels = ["happy", "sad", "big dog"];

describe.skipIf(!requireTestModel())("decisions on stories260K", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model.close();
  });

  /** Oracle: the joint logprob of the last `count` tokens of `full`, from generate's echo. */
  async function echoTail(full: string, count: number): Promise<{ logprob: number; text: string }> {
    const echoed = await model.generate({ prompt: full, maxTokens: 0, echo: true });
    const tail = (echoed.prompt?.tokens ?? []).slice(-count);
    return {
      logprob: tail.reduce((sum, token) => sum + (token.logprob as number), 0),
      text: tail.map((token) => token.token).join(""),
    };
  }

  it("classify sums every label token exactly: the engine's echo logprobs, softmax by hand", async () => {
    const result = await classify(model, { text, labels, threshold: 0 });
    expect(result.approximate).toBe(false);
    expect(result.warnings).toEqual([]);
    const joint: Record<string, number> = {};
    for (const entry of result.labels) {
      expect(entry.exact).toBe(true);
      const oracle = await echoTail(`${text} ${entry.label}`, entry.tokenCount);
      expect(oracle.text).toBe(` ${entry.label}`); // the summed tokens spell exactly the label
      // classify decodes the shared prompt once and each label after it (shared-prefix scoring),
      // the oracle echoes the whole text in one batch: the batch split moves float sums, by
      // 1.6e-6 nats on the Intel Xeon with the OpenMP kernels.
      expect(Math.abs(entry.sequenceLogprob - oracle.logprob)).toBeLessThanOrEqual(1e-5);
      joint[entry.label] = oracle.logprob;
    }
    expect(result.labels.find((entry) => entry.label === "big dog")?.tokenCount).toBeGreaterThan(1);
    const total = labels.reduce((sum, label) => sum + Math.exp(joint[label] as number), 0);
    for (const entry of result.labels) {
      expect(entry.probability).toBeCloseTo(Math.exp(joint[entry.label] as number) / total, 6);
    }
    expect(result.coveredMass).toBeCloseTo(total, 6);
  });

  it("prompt ambiguity: entropy from the greedy tokens, disagreement from the branches (Gini-Simpson by hand), reproducible", async () => {
    const options = { samples: 6, tokens: 4, seed: 11 };
    const result = await promptAmbiguity(model, "Once upon a time", options);
    const greedy = await model.generate({ prompt: "Once upon a time", maxTokens: 4 });
    const meanEntropy = greedy.sequence.tokens.reduce((sum, token) => sum + (token.entropy as number), 0) / 4;
    expect(result.meanEntropy).toBeCloseTo(meanEntropy, 9);
    expect(result.entropyExact).toBe(true);
    const counts = result.branches.map((branch) => branch.count);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(6);
    const same = counts.reduce((sum, count) => sum + count * (count - 1), 0);
    expect(result.disagreement).toBeCloseTo(1 - same / 30, 15);
    const again = await promptAmbiguity(model, "Once upon a time", options);
    expect(again.branches).toEqual(result.branches);
  });

  it("spawned classify --json gives the in-process numbers", async () => {
    const inProcess = await classify(model, { text, labels, threshold: 0.5 });
    const run = await runCli([
      "classify",
      text,
      "--labels",
      labels.join(","),
      "--json",
      "-m",
      testModelPath,
      "--threads",
      "1",
    ]);
    expect(run.code).toBe(0);
    const spawned = JSON.parse(run.stdout) as typeof inProcess;
    expect(spawned.labels.map((entry) => entry.label)).toEqual(inProcess.labels.map((entry) => entry.label));
    spawned.labels.forEach((entry, index) => {
      // Another process evaluates with its own thread scheduling: float sums in the matrix kernels
      // may differ in the last bits (seen: 2.3e-9), so agree to 1e-6, not bit for bit.
      expect(entry.probability).toBeCloseTo(inProcess.labels[index]?.probability as number, 6);
    });
    expect(spawned.label).toBe(inProcess.label);
  }, 60_000);

  it("spawned calibrate runs the prompts and measures the greedy answers", async () => {
    const prompts = ["Once upon a time", "Lily and Ben"];
    const greedy = await Promise.all(
      prompts.map((prompt) => model.generate({ prompt, maxTokens: 3, stop: ["\n"] })),
    );
    const dir = mkdtempSync(join(tmpdir(), "logprobe-calibrate-engine-"));
    const data = join(dir, "data.jsonl");
    // the first expects the model's own greedy answer (right), the second something else (wrong)
    writeFileSync(
      data,
      `${JSON.stringify({ prompt: prompts[0], expected: greedy[0]?.text })}\n${JSON.stringify({ prompt: prompts[1], expected: "no such answer" })}\n`,
    );
    const run = await runCli(["calibrate", data, "--json", "-n", "3", "-m", testModelPath, "--threads", "1"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      accuracy: number;
      answers: { answer: string; correct: boolean; confidences: Record<string, number> }[];
      measures: { measure: string; auroc: number | null }[];
    };
    expect(report.accuracy).toBe(0.5);
    report.answers.forEach((answer, index) => {
      const tokens = greedy[index]?.sequence.tokens ?? [];
      expect(answer.answer).toBe(greedy[index]?.text);
      // The CLI answers both prompts on two sequences packed into shared decodes, where llama.cpp's
      // kernels round differently than for this one-sequence model: 5e-3 nats, as in
      // test/engine/packed-requests.test.ts.
      const jointLogprob = tokens.reduce((sum, token) => sum + (token.logprob as number), 0);
      expect(Math.abs(Math.log(answer.confidences["joint-probability"]!) - jointLogprob)).toBeLessThan(5e-3);
      const entropy = tokens.reduce((sum, token) => sum + (token.entropy as number), 0) / tokens.length;
      expect(Math.abs(answer.confidences["mean-entropy"]! + entropy)).toBeLessThan(5e-3);
    });
    const joint0 = report.answers[0]?.confidences["joint-probability"] as number;
    const joint1 = report.answers[1]?.confidences["joint-probability"] as number;
    // two answers, one right: AUROC is 1 when the right one is more confident, else 0
    expect(report.measures.find((measure) => measure.measure === "joint-probability")?.auroc).toBe(
      joint0 > joint1 ? 1 : 0,
    );
  }, 60_000);
});
