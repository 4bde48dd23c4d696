import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { savedJsonl } from "../../../test/helpers/saved-responses.js";
import { InvalidInputError } from "../../core/errors.js";
import { parseCalibrationData } from "../calibration-data.js";
import type { CommandIo } from "../command-io.js";
import { parseCalibrateCommandOptions, runCalibrate } from "./calibrate.js";

function bufferIo(): CommandIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    out: () => out,
    err: () => err,
  };
}

describe("calibrate on saved responses (no model)", () => {
  it("reproduces scikit-learn's brier_score_loss example: y = [0, 1, 1, 0], p = [0.1, 0.9, 0.8, 0.3] -> 0.0375", async () => {
    const io = bufferIo();
    const options = parseCalibrateCommandOptions({ json: true, bins: "5", precision: "1" });
    await runCalibrate(
      null,
      parseCalibrationData(savedJsonl([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0])),
      options,
      io,
    );
    const report = JSON.parse(io.out()) as {
      accuracy: number;
      measures: {
        measure: string;
        brier: number;
        auroc: number;
        ece: number;
        thresholdForPrecision: { threshold: number };
      }[];
      answers: { id: string; correct: boolean }[];
    };
    expect(report.accuracy).toBe(0.5);
    expect(report.answers.map((answer) => answer.correct)).toEqual([false, true, true, false]);
    for (const name of ["joint-probability", "mean-logprob", "min-token-probability"]) {
      const measure = report.measures.find((entry) => entry.measure === name);
      expect(measure?.brier).toBeCloseTo(0.0375, 12);
      // hand computation: both positives (0.9, 0.8) above both negatives (0.1, 0.3) -> AUROC 1
      expect(measure?.auroc).toBe(1);
      // hand computation, 5 bins: 0.1 (bin 1, acc 0), 0.3 (bin 2, acc 0), 0.8 (bin 4, acc 1), 0.9 (bin 5, acc 1)
      // -> (0.1 + 0.3 + 0.2 + 0.1) / 4 = 0.175
      expect(measure?.ece).toBeCloseTo(0.175, 12);
      expect(measure?.thresholdForPrecision.threshold).toBeCloseTo(0.8, 12);
    }
  });

  it("writes a reliability diagram and a coverage curve whose points are the report's numbers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-calibrate-"));
    const io = bufferIo();
    const options = parseCalibrateCommandOptions({ bins: "2", svgDir: join(dir, "charts") });
    await runCalibrate(
      null,
      parseCalibrationData(savedJsonl([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])),
      options,
      io,
    );
    expect(io.out()).toMatch(/answers: 4 {2}correct: 2 {2}accuracy: 50.0%/);
    expect(io.out()).toMatch(/joint-probability\s+4\s+0\.0875\s+0\.1581\s+0\.7500\s+0\.5714/);
    const reliability = readFileSync(join(dir, "charts", "reliability.svg"), "utf8");
    // bin (0, 0.5]: mean confidence 0.85/3, accuracy 1/3; bin (0.5, 1]: 0.8, 1 (hand computation)
    expect(reliability).toContain("joint-probability: (0.2833, 0.3333)");
    expect(reliability).toContain("joint-probability: (0.8000, 1.0000)");
    const coverage = readFileSync(join(dir, "charts", "coverage.svg"), "utf8");
    // operating points: coverage 1/4 precision 1, 2/4 -> 1/2, 3/4 -> 2/3, 1 -> 1/2
    for (const point of ["(0.2500, 1.0000)", "(0.5000, 0.5000)", "(0.7500, 0.6667)", "(1.0000, 0.5000)"]) {
      expect(coverage).toContain(`joint-probability: ${point}`);
    }
  });

  it("rejects bad lines naming the line and field, and bad flags naming the flag", () => {
    expect(() => parseCalibrationData('{"prompt": "a"}')).toThrow(/DATA:1\.expected|expected/);
    expect(() => parseCalibrationData('{"prompt": "a", "expected": "b"}\n{"expected": "b"}')).toThrow(
      /line 2/,
    );
    expect(() => parseCalibrationData('{"prompt": "a", "response": {}, "expected": "b"}')).toThrow(
      /exactly one/,
    );
    expect(() => parseCalibrationData("not json")).toThrow(InvalidInputError);
    const thrownField = (action: () => unknown) => {
      try {
        action();
      } catch (error) {
        return (error as InvalidInputError).field;
      }
      return undefined;
    };
    const fieldOf = (text: string) => thrownField(() => parseCalibrationData(text));
    expect(fieldOf('{"response": {"nothing": 1}, "expected": "b"}')).toMatch(/^DATA:1\.response/);
    expect(fieldOf('{"prompt": "a", "expected": "b"}\n\n{"prompt": "a", "expected": 3}')).toBe(
      "DATA:3.expected",
    );
    expect(() => parseCalibrationData('{"prompt": "a", "expected": "b", "colour": 1}')).toThrow(/colour/);
    expect(thrownField(() => parseCalibrateCommandOptions({ bins: "0" }))).toBe("--bins");
    expect(thrownField(() => parseCalibrateCommandOptions({ coverage: "0" }))).toBe("--coverage");
    expect(thrownField(() => parseCalibrateCommandOptions({ match: "fuzzy" }))).toBe("--match");
    expect(() => parseCalibrateCommandOptions({ bins: "0" })).toThrow(/from 1 to 1000/);
    expect(thrownField(() => parseCalibrateCommandOptions({ parallel: "0" }))).toBe("--parallel");
    expect(() => parseCalibrateCommandOptions({ parallel: "0" })).toThrow(/1 to 64/);
  });
});
