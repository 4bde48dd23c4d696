/**
 * {@link parseJsonLines}: a JSON-lines data file checked line by line with a zod schema, as the
 * CLI's labelled data sets (`calibrate`, `detect --calibrate`) are read. Blank lines are skipped;
 * the first bad line stops the read with an error naming `DATA:line.field`.
 */
import type { z } from "zod";
import { InvalidInputError } from "../core/errors.js";

/** One parsed line with where it came from. */
export interface JsonLine<T> {
  /** The line's fields as the schema parsed them. */
  value: T;
  /** 1-based line number. */
  line: number;
  /** `DATA:line`, for errors about this line. */
  where: string;
}

/**
 * Parses `text` as JSON lines. Cost: O(input size).
 *
 * @param options `argumentName` names the input in errors ("DATA"); `maxLines` caps how many lines
 *   are read; `allowedFields` lists the fields named when a line has an unknown one
 * @throws {InvalidInputError} for more than `maxLines` lines, a line that is not JSON, or one the
 *   schema rejects
 */
export function parseJsonLines<T>(
  text: string,
  schema: z.ZodType<T>,
  options: { argumentName: string; maxLines: number; allowedFields: readonly string[] },
): JsonLine<T>[] {
  const { argumentName, maxLines } = options;
  const lines: JsonLine<T>[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === "") continue;
    const where = `${argumentName}:${index + 1}`;
    if (lines.length >= maxLines) {
      throw new InvalidInputError(argumentName, `more than ${maxLines} lines`, `at most ${maxLines} lines`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new InvalidInputError(
        where,
        `line ${index + 1} is not JSON (${error instanceof Error ? error.message : String(error)})`,
        "one JSON object per line",
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join(".") ?? "";
      let message = issue?.message ?? "invalid line";
      if (issue?.code === "unrecognized_keys")
        message = `unknown field(s) ${issue.keys.join(", ")}; allowed: ${options.allowedFields.join(", ")}`;
      throw new InvalidInputError(
        path ? `${where}.${path}` : where,
        `line ${index + 1}: ${path ? `${path} ` : ""}${message}`,
      );
    }
    lines.push({ value: parsed.data, line: index + 1, where });
  }
  return lines;
}
