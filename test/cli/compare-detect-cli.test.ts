/**
 * `logprobe compare` and `logprobe detect`, spawned, on the real test model and its Q8_0
 * quantization. Oracles: llama-perplexity's recorded statistics (test/engine/__fixtures__), the
 * exact comparison bracketing the top-k bounds that a remote API gives (our own server, through
 * the openai-compatible provider), and AUROC recomputed by hand-checked core code from the
 * per-text scores the calibration reports.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auroc } from "../../src/core/calibration/auroc.js";
import type { CompareResult } from "../../src/core/compare/compare-result.js";
import type { DetectResult } from "../../src/core/detect/detect-result.js";
import type { DetectorCalibration } from "../../src/core/detect/detection-calibration.js";
import type { LogprobModel } from "../../src/core/model.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const fixtures = join(import.meta.dirname, "..", "engine", "__fixtures__");
const quantized = join(fixtures, "stories260K-Q8_0.gguf");
const oracle = JSON.parse(readFileSync(join(fixtures, "kl-divergence-oracle.json"), "utf8")) as {
  pairs: { Q8_0: { meanKld: number; sameTopPercent: number } };
};
const local = ["--threads", "1", "--gpu", "off"];
const KEY = "compare-cli-key-0123456789";
const story =
  "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball.";

describe.skipIf(!requireTestModel())("logprobe compare / detect (spawned CLI)", { timeout: 120_000 }, () => {
  let directory: string;
  let server: RunningServer;
  let engine: LogprobModel;
  const file = (name: string, content: string) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "logprobe-compare-"));
    const { loadModel } = await import("../../src/engine/index.js");
    engine = await loadModel({ model: testModelPath, threads: 1, contextSize: 512, gpu: false });
    server = await startServer({ models: engine, port: 0, host: "127.0.0.1", apiKey: KEY, log: () => {} });
  }, 60_000);
  afterAll(async () => {
    await server?.close(1000);
    await engine?.close?.();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("compare --json with llama-perplexity windows gives llama.cpp's mean KLD and same top p", async () => {
    const text = readFileSync(join(fixtures, "kl-divergence-story.txt"), "utf8");
    const run = await runCli([
      "compare",
      file("story.txt", text),
      "--base",
      testModelPath,
      "--model",
      quantized,
      "--windowing",
      "llama-perplexity",
      "--window",
      "128",
      "--context-size",
      "128",
      "--json",
      ...local,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as CompareResult;
    expect(result.method).toBe("exact");
    expect(Math.abs((result.klDivergence?.mean as number) - oracle.pairs.Q8_0.meanKld)).toBeLessThan(
      2e-6 + 0.005 * oracle.pairs.Q8_0.meanKld,
    );
    expect(
      Math.abs(100 * (result.klDivergence?.sameTop as number) - oracle.pairs.Q8_0.sameTopPercent),
    ).toBeLessThan(0.5);
  });

  it("compare prints the statistics and the most divergent tokens as text", async () => {
    const run = await runCli([
      "compare",
      file("short.txt", story),
      "--base",
      testModelPath,
      "-m",
      quantized,
      ...local,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/KL divergence \(exact, \d+ tokens, sliding windows\): mean \d\.\d{6}/);
    expect(run.stdout).toMatch(/same top p: \d+\.\d{3} ± \d+\.\d{3} %/);
    expect(run.stdout).toContain("most divergent tokens:");
  });

  it("compare takes the model flags of one-model commands (-c), and --ROLE-FLAG for one model only", async () => {
    // Longer than 256 tokens: llama.cpp rounds a context up to a multiple of 256, and compare's
    // windows are the smaller context of the two models.
    const text = file("context.txt", readFileSync(join(fixtures, "kl-divergence-story.txt"), "utf8"));
    const compare = async (flags: string[]) => {
      const run = await runCli([
        "compare",
        text,
        "--base",
        testModelPath,
        "-m",
        quantized,
        "--json",
        ...local,
        ...flags,
      ]);
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout) as CompareResult).tokens.map((token) => [
        token.baseLogprob,
        token.modelLogprob,
      ]);
    };
    const wide = await compare(["-c", "512"]);
    const narrow = await compare(["-c", "256"]);
    expect(wide.length).toBeGreaterThan(256);
    expect(narrow).not.toEqual(wide);
    // 256 for one model only still makes 256-token windows for both (ignored, they would be 512).
    expect(await compare(["-c", "512", "--base-context-size", "256"])).toEqual(narrow);
    expect(await compare(["--model-context-size", "256"])).toEqual(narrow);
  });

  it("compare against a remote API gives bounds that bracket the exact divergence, with a warning", async () => {
    const text = file("remote.txt", story);
    const exact = JSON.parse(
      (await runCli(["compare", text, "--base", quantized, "--model", testModelPath, "--json", ...local]))
        .stdout,
    ) as CompareResult;
    const remote = await runCli([
      "compare",
      text,
      "--base",
      quantized,
      "--model",
      `openai-compatible:${engine.id}@${server.url}/v1`,
      "--api-key",
      KEY,
      "--top",
      "20",
      "--json",
      ...local,
    ]);
    expect(remote.code).toBe(0);
    expect(remote.stderr).toMatch(/warning: .*bounds/);
    const bounded = JSON.parse(remote.stdout) as CompareResult;
    expect(bounded.method).toBe("top-k-bounds");
    // An OpenAI-style echo gives the first token no logprob, so it is left out (and said so).
    expect(bounded.tokens.length).toBe(exact.tokens.length - 1);
    expect(remote.stderr).toMatch(/1 token\(s\) of .* were not compared/);
    const exactByIndex = new Map(exact.tokens.map((token) => [token.index, token]));
    bounded.tokens.forEach((token) => {
      const match = exactByIndex.get(token.index);
      expect(match?.token).toBe(token.token);
      const truth = match?.klDivergence as number;
      expect(token.klDivergenceBounds?.lower).toBeLessThanOrEqual(truth + 1e-6);
      if (token.klDivergenceBounds?.upper != null)
        expect(token.klDivergenceBounds.upper).toBeGreaterThanOrEqual(truth - 1e-6);
      expect(token.sameTop).toBe(match?.sameTop);
    });
  });

  it("detect --json and detect --calibrate with labelled JSONL (AUROC, TPR at the chosen FPR)", async () => {
    const detected = await runCli([
      "detect",
      file("detect.txt", story),
      "--observer",
      testModelPath,
      "--performer",
      quantized,
      "--json",
      ...local,
    ]);
    expect(detected.code).toBe(0);
    const { result } = JSON.parse(detected.stdout) as { result: DetectResult };
    expect(result.method).toBe("exact");
    expect(result.scores.binoculars).toBeCloseTo(
      (result.scores.performerLogPerplexity as number) / (result.scores.crossLogPerplexity as number),
      12,
    );
    // positives: the model's own kind of text; negatives: the same words shuffled
    const stories = [
      "Once upon a time, there was a little girl named Lily. She loved to play outside.",
      "One day, a boy named Tom saw a big dog in the park. The dog was very happy.",
      "Lily and her mom went to the store. They bought a red ball and a toy car.",
    ];
    const shuffled = [
      "park outside girl time loved a play upon Lily named there once little was she.",
      "happy dog day big very one park was saw the boy Tom in a named dog the.",
      "car toy store red mom ball went bought her they and a the to and Lily a.",
    ];
    const data = file(
      "labelled.jsonl",
      [
        ...stories.map((text) => JSON.stringify({ text, label: true })),
        ...shuffled.map((text) => JSON.stringify({ text, label: 0 })),
      ].join("\n"),
    );
    const calibrated = await runCli([
      "detect",
      "--calibrate",
      data,
      "--fpr",
      "0.34",
      "--observer",
      testModelPath,
      "--performer",
      testModelPath,
      "--json",
      ...local,
    ]);
    expect(calibrated.stderr).toBe("");
    expect(calibrated.code).toBe(0);
    const { calibration } = JSON.parse(calibrated.stdout) as { calibration: DetectorCalibration };
    expect(calibration.count).toBe(6);
    const labels = calibration.items.map((item) => item.label);
    for (const measure of calibration.measures) {
      if ("unavailable" in measure) throw new Error(`${measure.measure}: ${measure.unavailable}`);
      const scores = calibration.items.map((item) => {
        const value =
          measure.measure === "binoculars"
            ? item.scores.binoculars
            : measure.measure === "logPerplexity"
              ? item.scores.observerLogPerplexity
              : measure.measure === "gltrTop10"
                ? item.scores.gltr.fractions.top10
                : measure.measure === "minKPercent"
                  ? item.scores.minKPercent
                  : item.scores.minKPercentPlusPlus;
        return (measure.higherIsPositive ? 1 : -1) * (value as number);
      });
      expect(measure.auroc).toBeCloseTo(auroc(scores, labels), 12);
      expect(measure.best.falsePositiveRate).toBeLessThanOrEqual(0.34);
    }
    // shuffled words are far less likely: perplexity separates the two classes completely
    const perplexity = calibration.measures.find((measure) => measure.measure === "logPerplexity");
    expect(perplexity && "auroc" in perplexity ? perplexity.auroc : 0).toBe(1);
  });

  it("rejects bad arguments naming the flag (exit 2)", async () => {
    const text = file("bad.txt", story);
    const badSpec = await runCli(["compare", text, "--base", testModelPath, "--model", "openai:", ...local]);
    expect(badSpec.code).toBe(2);
    expect(badSpec.stderr).toMatch(/--model/);
    const nothing = await runCli(["detect", "--observer", testModelPath, "--performer", testModelPath]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/FILE/);
    const badLabel = await runCli([
      "detect",
      "--calibrate",
      file(
        "bad.jsonl",
        `${JSON.stringify({ text: "a", label: true })}\n${JSON.stringify({ text: "b", label: "yes" })}`,
      ),
      "--observer",
      testModelPath,
      "--performer",
      testModelPath,
    ]);
    expect(badLabel.code).toBe(2);
    expect(badLabel.stderr).toMatch(/--calibrate:2\.label/);
    const badWindowing = await runCli([
      "compare",
      text,
      "--base",
      testModelPath,
      "--model",
      testModelPath,
      "--windowing",
      "x",
    ]);
    expect(badWindowing.code).toBe(2);
    expect(badWindowing.stderr).toMatch(/--windowing/);
  });
});
