/**
 * Reads a calibration data set: JSON lines, one item each, checked with zod. A line holds exactly
 * one of `prompt` (text), `messages` (chat) or `response` (a saved answer in any format
 * `logprobe analyze` reads: a JSON value, or a string holding an SSE capture or NDJSON), plus
 * `expected` (the right answer, or a list of accepted ones) and optionally `id` and `format`.
 */
import { z } from "zod";
import type { CalibrationItem } from "../core/decisions/run-calibration.js";
import { InvalidInputError } from "../core/errors.js";
import { FORMAT_NAMES } from "../wire/format-name.js";
import { parseLogprobs, parseLogprobsText, toFormatName } from "../wire/parse-logprobs.js";
import { parseJsonLines } from "./parse-json-lines.js";

/** Most lines read from one data file. */
export const MAX_CALIBRATION_ITEMS = 100_000;

const nonEmpty = z
  .string({ error: "must be a string" })
  .refine((value) => value.trim() !== "", { message: "must not be empty" });

const lineSchema = z
  .object({
    id: z.union([z.string(), z.number()], { error: "must be a string or a number" }).optional(),
    prompt: z.string({ error: "must be a string" }).optional(),
    messages: z
      .array(
        z.object({
          role: z.enum(["system", "user", "assistant"], { error: 'must be "system", "user" or "assistant"' }),
          content: z.string({ error: "must be a string" }),
        }),
        { error: "must be an array of {role, content}" },
      )
      .min(1, { error: "must hold at least one message" })
      .optional(),
    response: z.unknown().optional(),
    format: z.string({ error: "must be a string" }).optional(),
    expected: z.union([nonEmpty, z.array(nonEmpty).min(1, { error: "must list at least one answer" })], {
      error: "must be a non-empty string or a list of them",
    }),
  })
  .strict()
  .superRefine((line, context) => {
    const given = [line.prompt, line.messages, line.response].filter((value) => value !== undefined).length;
    if (given !== 1) {
      context.addIssue({
        code: "custom",
        path: ["prompt"],
        message: "give exactly one of prompt, messages or response",
      });
    }
  });

/** True when the data set can be run without a model (every line carries a saved response). */
export function needsModel(items: readonly CalibrationItem[]): boolean {
  return items.some((item) => item.response === undefined);
}

/**
 * Parses the data set's text. Blank lines are skipped. Cost: O(input size).
 *
 * @param text the JSONL text
 * @param argumentName how the data argument is named in errors (e.g. "DATA")
 * @throws {InvalidInputError} with field `DATA:line.field` (e.g. `DATA:3.expected`) and the
 *   allowed values, for the first bad line
 */
export function parseCalibrationData(text: string, argumentName = "DATA"): CalibrationItem[] {
  const items: CalibrationItem[] = [];
  const lines = parseJsonLines(text, lineSchema, {
    argumentName,
    maxLines: MAX_CALIBRATION_ITEMS,
    allowedFields: ["id", "prompt", "messages", "response", "format", "expected"],
  });
  for (const { value: line, line: lineNumber, where } of lines) {
    const item: CalibrationItem = {
      id: line.id === undefined ? String(lineNumber) : String(line.id),
      expected: line.expected,
    };
    if (line.prompt !== undefined) item.prompt = line.prompt;
    if (line.messages !== undefined) item.messages = line.messages;
    if (line.response !== undefined) {
      const format = line.format === undefined ? undefined : toFormatName(line.format, `${where}.format`);
      const options = format ? { format } : {};
      let sequence: ReturnType<typeof parseLogprobs>["sequence"];
      try {
        sequence =
          typeof line.response === "string"
            ? parseLogprobsText(line.response, options).sequence
            : parseLogprobs(line.response, options).sequence;
      } catch (error) {
        if (error instanceof InvalidInputError) {
          throw new InvalidInputError(
            `${where}.response${error.field && error.field !== "input" ? `.${error.field}` : ""}`,
            `line ${lineNumber}: response: ${error.message}`,
            error.allowed ?? `a response in one of ${FORMAT_NAMES.join(", ")}`,
          );
        }
        throw error;
      }
      const answerTokens = sequence.tokens.filter((token) => token.prompt !== true);
      const echoed = answerTokens.length !== sequence.tokens.length;
      const text =
        !echoed && sequence.text !== undefined
          ? sequence.text
          : answerTokens.map((token) => token.token).join("");
      item.response = { text, tokens: sequence.tokens };
    }
    items.push(item);
  }
  if (items.length === 0)
    throw new InvalidInputError(argumentName, "the data set has no lines", "one JSON object per line");
  return items;
}
