/** Body of `POST /v1/choose`. */
import { z } from "zod";
import { booleanField, nonEmptyString } from "./field-schemas.js";

/** Most items one request may hold (a larger set goes through `logprobe choose` or several requests). */
export const MAX_CHOOSE_ITEMS = 1000;
/** Most choices per item (llama-perplexity's multiple-choice limit). */
export const MAX_CHOICES = 100;

const choiceItemSchema = z
  .object({
    id: z.union([z.string(), z.number()], { error: "must be a string or a number" }).optional(),
    context: nonEmptyString(),
    choices: z
      .array(
        z.string({ error: "must be a string" }).refine((choice) => choice.trim().length > 0, {
          error: "must be a non-empty string (an empty choice has no token to score)",
        }),
        {
          error: `must be an array of 2 to ${MAX_CHOICES} non-empty strings`,
        },
      )
      .min(2, { error: `must hold 2 to ${MAX_CHOICES} choices` })
      .max(MAX_CHOICES, { error: `must hold 2 to ${MAX_CHOICES} choices` }),
    gold: z
      .number({ error: "must be an integer index of choices" })
      .int({ error: "must be an integer index of choices" })
      .min(0, { error: "must be an integer index of choices" }),
  })
  .strict()
  .refine((item) => item.gold < item.choices.length, {
    error: "gold must be an index of choices (0 to choices.length - 1)",
    path: ["gold"],
  });

/**
 * `/v1/choose`: 1 to 1000 items `{context, choices, gold, id?}`, the delimiter put between a
 * context and each choice (lm-eval's `target_delimiter`, default " "), and whether to return each
 * item's result.
 */
export const chooseRequestSchema = z
  .object({
    model: nonEmptyString().optional(),
    items: z
      .array(choiceItemSchema, { error: `must be an array of 1 to ${MAX_CHOOSE_ITEMS} items` })
      .min(1, { error: `must hold 1 to ${MAX_CHOOSE_ITEMS} items` })
      .max(MAX_CHOOSE_ITEMS, { error: `must hold 1 to ${MAX_CHOOSE_ITEMS} items` }),
    delimiter: z.string({ error: "must be a string" }).optional(),
    per_item: booleanField().optional(),
  })
  .strict();

/** A validated choose request. */
export type ChooseBody = z.output<typeof chooseRequestSchema>;
