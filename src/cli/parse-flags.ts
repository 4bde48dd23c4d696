import type { z } from "zod";
import { InvalidInputError } from "../core/errors.js";

/** `maxTokens` -> `--max-tokens`: the flag a commander option key came from. */
export function flagName(key: PropertyKey): string {
  return `--${String(key).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Validates commander's parsed options (camelCase keys, string values) with a zod schema.
 *
 * Cost: one pass of the schema over the options.
 *
 * @param schema object schema whose keys are commander's option keys
 * @param raw the options as commander parsed them (`command.opts()`)
 * @returns the typed, range-checked options
 * @throws {InvalidInputError} for the first invalid flag; `field` is the flag as typed
 *   (`--temperature`) and the message states the allowed values
 */
export function parseFlags<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path[0];
  const field = key === undefined ? "options" : flagName(key);
  throw new InvalidInputError(field, issue?.message ?? "invalid value");
}
