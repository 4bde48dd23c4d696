/**
 * `logprobe calibrate --json` end to end in a child process, on saved responses (no model): the
 * confidences are set so that the metrics equal scikit-learn's documented examples.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { savedJsonl } from "../helpers/saved-responses.js";

interface MeasureJson {
  measure: string;
  count: number;
  auroc: number | null;
  brier: number | null;
  ece: number | null;
  prr: number | null;
  thresholdForCoverage?: { threshold: number; precision: number };
}

describe("logprobe calibrate (spawned)", () => {
  it("reports scikit-learn's roc_auc_score example (y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8] -> 0.75) as JSON and writes SVGs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-calibrate-cli-"));
    const data = join(dir, "data.jsonl");
    writeFileSync(data, `${savedJsonl([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])}\n`);
    const reliability = join(dir, "r.svg");
    const run = await runCli([
      "calibrate",
      data,
      "--json",
      "--bins",
      "2",
      "--coverage",
      "0.5",
      "--reliability-svg",
      reliability,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      count: number;
      accuracy: number;
      model: null;
      measures: MeasureJson[];
    };
    expect(report).toMatchObject({ count: 4, accuracy: 0.5, model: null });
    const joint = report.measures.find((measure) => measure.measure === "joint-probability");
    expect(joint?.auroc).toBe(0.75);
    // hand computation: Brier (0.01 + 0.16 + 0.4225 + 0.04) / 4; ECE with 2 bins 0.0875; PRR 4/7
    expect(joint?.brier).toBeCloseTo(0.158125, 12);
    expect(joint?.ece).toBeCloseTo(0.0875, 12);
    expect(joint?.prr).toBeCloseTo(4 / 7, 12);
    expect(joint?.thresholdForCoverage).toMatchObject({ threshold: 0.4, precision: 0.5 });
    // no entropy in an OpenAI response: the measure is reported as missing, not invented
    expect(report.measures.find((measure) => measure.measure === "mean-entropy")?.count).toBe(0);
    expect(readFileSync(reliability, "utf8")).toMatch(/^<svg /);
  }, 60_000);

  it("exits 2 naming the line and field of a bad data line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-calibrate-cli-"));
    const data = join(dir, "bad.jsonl");
    writeFileSync(data, `${savedJsonl([0.5], [1])}\n{"prompt": "x", "expected": ""}\n`);
    const run = await runCli(["calibrate", data]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DATA:2\.expected/);
    expect(run.stdout).toBe("");
  }, 60_000);
});
