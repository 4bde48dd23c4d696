/** Reads a request's JSON body and validates it with a zod schema at the edge. */
import type { Context } from "hono";
import type { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import { parseWithSchema } from "../wire/index.js";
import { readBodyText } from "./request-body.js";

/**
 * Parses the body as JSON and validates it. Throws {@link InvalidInputError} for an empty or
 * malformed body (no `param`) and for the first invalid field (its JSON path as `param`), and
 * ClientClosedError when the client aborted the upload.
 * Cost: one pass over the body.
 */
export async function readJson<Schema extends z.ZodType>(
  c: Context,
  schema: Schema,
): Promise<z.output<Schema>> {
  const text = await readBodyText(c);
  if (text.trim() === "") {
    throw new InvalidInputError("(root)", "The request body is empty", "a JSON object");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError("(root)", `We could not parse the JSON body of your request: ${reason}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidInputError("(root)", "The request body must be a JSON object", "a JSON object");
  }
  return parseWithSchema(schema, value);
}
