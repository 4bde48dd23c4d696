/**
 * Reads the answers of a `logprobe calibrate --json` report (the `answers` list: id, answer,
 * correct, and the confidence under each measure), so the page can recompute the report with
 * other settings. Errors name the JSON path of the first problem.
 */
import { CONFIDENCE_MEASURES, type ScoredAnswer } from "../../../src/core/index.js";

function fail(path: string, message: string): never {
  throw new Error(`${path}: ${message}`);
}

/**
 * Parses the report text and returns its answers.
 * @throws {Error} naming the path (e.g. `answers[2].confidences.joint-probability`) of the first problem
 */
export function calibrationAnswers(text: string): ScoredAnswer[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(
      "(root)",
      `not JSON (${error instanceof Error ? error.message : String(error)}); expected the output of logprobe calibrate --json`,
    );
  }
  const answers = (json as { answers?: unknown } | null)?.answers;
  if (!Array.isArray(answers) || answers.length === 0) {
    fail("answers", "missing or empty; expected the output of logprobe calibrate --json");
  }
  return answers.map((entry: unknown, index): ScoredAnswer => {
    const path = `answers[${index}]`;
    if (typeof entry !== "object" || entry === null) fail(path, "must be an object");
    const record = entry as Record<string, unknown>;
    if (typeof record.correct !== "boolean") fail(`${path}.correct`, "must be true or false");
    const raw = record.confidences;
    if (typeof raw !== "object" || raw === null) fail(`${path}.confidences`, "must be an object");
    const confidences = {} as ScoredAnswer["confidences"];
    for (const measure of CONFIDENCE_MEASURES) {
      const value = (raw as Record<string, unknown>)[measure];
      if (value === null || value === undefined) {
        confidences[measure] = null;
        continue;
      }
      if (typeof value !== "number" || !Number.isFinite(value))
        fail(`${path}.confidences.${measure}`, "must be a number or null");
      confidences[measure] = value;
    }
    return {
      id: typeof record.id === "string" ? record.id : String(index + 1),
      answer: typeof record.answer === "string" ? record.answer : "",
      correct: record.correct,
      confidences,
    };
  });
}
