/**
 * Validation at the edge: runs a zod schema over external JSON and turns the first problem into an
 * {@link InvalidInputError} whose `field` is a JSON path such as
 * `choices[0].logprobs.token_logprobs[3]`.
 */
import type { z } from "zod";
import { InvalidInputError } from "../core/errors.js";

/** Formats a zod issue path as a JSON path: `a.b[3].c`; keys that are not identifiers are quoted. */
export function formatJsonPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else {
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) out += out === "" ? name : `.${name}`;
      else out += `[${JSON.stringify(name)}]`;
    }
  }
  return out === "" ? "(root)" : out;
}

/**
 * Parses `value` with `schema`; on failure throws {@link InvalidInputError} naming the path of the
 * first issue (prefixed by `root`) and the issue's message. Cost: one schema pass, O(input size).
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  root = "",
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new InvalidInputError(root || "(root)", "invalid input");
  throw new InvalidInputError(formatJsonPath(issue.path, root), issue.message);
}
