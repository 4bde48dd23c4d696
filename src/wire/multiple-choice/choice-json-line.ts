/**
 * One line of a multiple-choice JSONL file: `{"context": string, "choices": [string, ...],
 * "gold": integer}` (optionally `"id"`), as lm-eval's `doc_to_text` / `doc_to_choice` /
 * `doc_to_target` give a document. Errors name the line and the field.
 */
import { z } from "zod";
import { InvalidInputError } from "../../core/errors.js";
import { type ChoiceItem, choiceItem } from "../../core/multiple-choice/choice-item.js";

const lineSchema = z
  .object({
    id: z.union([z.string(), z.number()], { error: "id must be a string or a number" }).optional(),
    context: z.string({ error: "context must be a string" }),
    choices: z.array(z.string({ error: "each choice must be a string" }), {
      error: "choices must be an array of strings",
    }),
    gold: z.number({ error: "gold must be an integer index of choices" }),
  })
  .strict();

/** The fields a line may hold. */
export const CHOICE_LINE_FIELDS = ["context", "choices", "gold", "id"] as const;

/** An item with the line it came from and its optional id. */
export interface ChoiceLineItem {
  item: ChoiceItem;
  line: number;
  id?: string | number;
}

/**
 * Parses line `line` (1-based) of a JSONL file. Returns undefined for a blank line.
 * @throws {InvalidInputError} naming `line N` and the field
 */
export function parseChoiceJsonLine(
  raw: string,
  line: number,
  delimiter?: string,
): ChoiceLineItem | undefined {
  if (raw.trim() === "") return undefined;
  const where = `line ${line}`;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InvalidInputError(
      where,
      `line ${line} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      'one JSON object per line: {"context", "choices", "gold"}',
    );
  }
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") ?? "";
    let message = issue?.message ?? "invalid line";
    if (issue?.code === "unrecognized_keys")
      message = `unknown field(s) ${issue.keys.join(", ")}; allowed: ${CHOICE_LINE_FIELDS.join(", ")}`;
    throw new InvalidInputError(path ? `${where}: ${path}` : where, `${where}: ${message}`);
  }
  const { id, context, choices, gold } = parsed.data;
  const item = choiceItem(context, choices, gold, {
    field: where,
    ...(delimiter !== undefined ? { delimiter } : {}),
  });
  return { item, line, ...(id !== undefined ? { id } : {}) };
}
