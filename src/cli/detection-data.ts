/**
 * Reads labelled texts for `logprobe detect --calibrate`: JSON lines, one item each, checked with
 * zod: `{"text": "...", "label": true | false | 1 | 0, "id"?: string | number}`. `label` true/1 is
 * a positive (machine-written, or a member of the training data: whichever question the data asks).
 */
import { z } from "zod";
import type { LabelledText } from "../core/detect/detection-calibration.js";
import { InvalidInputError } from "../core/errors.js";
import { parseJsonLines } from "./parse-json-lines.js";

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
  const lines = parseJsonLines(text, lineSchema, {
    argumentName,
    maxLines: MAX_LABELLED_TEXTS,
    allowedFields: ["id", "text", "label"],
  });
  const items: LabelledText[] = lines.map(({ value, line }) => ({
    id: value.id === undefined ? String(line) : String(value.id),
    text: value.text,
    label: value.label === true || value.label === 1,
  }));
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
