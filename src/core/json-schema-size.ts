/**
 * Caps on the size of a JSON Schema in a request (structured output), checked before any work is
 * done on it: its bytes as JSON and how deep it nests. A schema passed on to a grammar builder or
 * a remote API is data from the request; these bounds keep every walk over it short and its
 * recursion far from the stack's limit (the attack sent 5,000 levels).
 */

/** The caps (each refusal names its cap). */
export const SCHEMA_SIZE_LIMITS = {
  /** Bytes of the schema as JSON (UTF-8). */
  schemaBytes: 64 * 1024,
  /** Nesting depth of subschemas (a subschema level is two JSON levels: `properties`, then the name). */
  depth: 32,
} as const;

/** Whether `value` nests objects or arrays more than `limit` deep. Iterative: O(size), no recursion. */
export function jsonDepthAbove(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Why `schema` passes a cap (a sentence naming the cap), or undefined when it is within both.
 * Cost: O(size of the schema).
 */
export function schemaSizeProblem(schema: unknown): string | undefined {
  if (jsonDepthAbove(schema, 2 * SCHEMA_SIZE_LIMITS.depth)) {
    return `the schema nests deeper than ${SCHEMA_SIZE_LIMITS.depth} levels (the cap on depth)`;
  }
  const bytes = new TextEncoder().encode(JSON.stringify(schema)).length;
  if (bytes > SCHEMA_SIZE_LIMITS.schemaBytes) {
    return `the schema is ${bytes} bytes as JSON, more than the cap on schema size of ${SCHEMA_SIZE_LIMITS.schemaBytes}`;
  }
  return undefined;
}
