/**
 * Reads labelled texts for `logprobe detect --calibrate`: JSON lines, one item each, checked with
 * zod: `{"text": "...", "label": true | false | 1 | 0, "id"?: string | number}`. `label` true/1 is
 * a positive (machine-written, or a member of the training data: whichever question the data asks).
 */
import { z } from "zod";
import type { LabelledText } from "../core/detect/detection-calibration.js";
import { InvalidInputError } from "../core/errors.js";

/** Most lines read from one data file. */
export const MAX_LABELLED_TEXTS = 100_000;

const lineSchema = z
  .object({
    id: z.union([z.string(), z.number()], { error: "must be a string or a number" }).optional(),
    text: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }),
    label: z.union([z.boolean(), z.literal(0), z.literal(1)], { error: "must be true, false, 1 or 0" }),
  })
  .strict();

/**
 * Parses the data. Blank lines are skipped. Cost: O(input size).
 * @throws {InvalidInputError} with field `DATA:line.field` for the first bad line, or when the data
 *   is empty or lacks one of the two labels
 */
export function parseLabelledTexts(text: string, argumentName = "DATA"): LabelledText[] {
  const items: LabelledText[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === "") continue;
    const where = `${argumentName}:${index + 1}`;
    if (items.length >= MAX_LABELLED_TEXTS)
      throw new InvalidInputError(
        argumentName,
        `more than ${MAX_LABELLED_TEXTS} lines`,
        `at most ${MAX_LABELLED_TEXTS} lines`,
      );
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
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join(".") ?? "";
      let message = issue?.message ?? "invalid line";
      if (issue?.code === "unrecognized_keys")
        message = `unknown field(s) ${issue.keys.join(", ")}; allowed: id, text, label`;
      throw new InvalidInputError(
        path ? `${where}.${path}` : where,
        `line ${index + 1}: ${path ? `${path} ` : ""}${message}`,
      );
    }
    const line = parsed.data;
    items.push({
      id: line.id === undefined ? String(index + 1) : String(line.id),
      text: line.text,
      label: line.label === true || line.label === 1,
    });
  }
  const positives = items.filter((item) => item.label).length;
  if (positives === 0 || positives === items.length) {
    throw new InvalidInputError(
      argumentName,
      `the data needs texts of both labels (got ${positives} positive and ${items.length - positives} negative)`,
      "at least one line with label true and one with false",
    );
  }
  return items;
}
