/** Body of `POST /v1/classify`. */
import { z } from "zod";
import { MAX_LABELS } from "../../core/decisions/classify.js";
import { nonEmptyString, numberIn } from "./field-schemas.js";

/**
 * `/v1/classify`: the text (`input`), 1 to 100 distinct non-empty labels, an optional instruction,
 * abstention threshold in [0, 1] and label prefix.
 */
export const classifyRequestSchema = z
  .object({
    model: nonEmptyString().optional(),
    input: nonEmptyString(),
    labels: z
      .array(nonEmptyString(), { error: `must be an array of 1 to ${MAX_LABELS} non-empty strings` })
      .min(1, { error: `must hold 1 to ${MAX_LABELS} labels` })
      .max(MAX_LABELS, { error: `must hold 1 to ${MAX_LABELS} labels` })
      .refine((labels) => new Set(labels).size === labels.length, { error: "must not repeat a label" }),
    instruction: z.string({ error: "must be a string" }).nullable().optional(),
    threshold: numberIn(0, 1).nullable().optional(),
    label_prefix: z.string({ error: "must be a string" }).nullable().optional(),
  })
  .strict();

/** A validated classify request. */
export type ClassifyBody = z.output<typeof classifyRequestSchema>;
