/**
 * The API dialects `logprobe serve` speaks, and which one owns a URL path. Every dialect runs over
 * the same models; `serve --dialects` switches dialects off. A path a dialect owns answers errors
 * (a 404 for a route that is switched off or unknown included) in that dialect's error shape.
 */

/** Dialect names, as `--dialects` spells them. */
export const DIALECT_NAMES = ["openai", "ollama", "llamacpp", "vllm", "sglang"] as const;

/** One dialect. */
export type DialectName = (typeof DIALECT_NAMES)[number];

/** Path patterns owned by each dialect (matched against the whole path). */
const dialectPaths: readonly [DialectName, RegExp][] = [
  ["ollama", /^\/api(\/|$)/],
  ["llamacpp", /^\/(completion|completions|props|slots|infill|embedding|apply-template)(\/|$)/],
  ["vllm", /^\/(tokenizer_info|pooling|score_v2)(\/|$)/],
  ["sglang", /^\/(generate|get_model_info|get_server_info|model_info|server_info)(\/|$)/],
  ["openai", /^\/(v1|tokenize|detokenize|health)(\/|$)/],
];

/** The dialect that owns `path`, or undefined for a path no API owns (the web UI's). */
export function dialectOfPath(path: string): DialectName | undefined {
  return dialectPaths.find(([, pattern]) => pattern.test(path))?.[0];
}

/** Whether `path` belongs to an API (never answered with the web UI's index.html). */
export function isApiPath(path: string): boolean {
  return dialectOfPath(path) !== undefined;
}

/**
 * Parses a `--dialects` list (comma-separated, any order, duplicates ignored). Throws RangeError
 * naming the unknown entry and the allowed names.
 */
export function parseDialects(list: string): DialectName[] {
  const names = list
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  if (names.length === 0) throw new RangeError(`must name at least one of ${DIALECT_NAMES.join(", ")}`);
  for (const name of names) {
    if (!(DIALECT_NAMES as readonly string[]).includes(name)) {
      throw new RangeError(`unknown dialect '${name}' (allowed: ${DIALECT_NAMES.join(", ")})`);
    }
  }
  return DIALECT_NAMES.filter((name) => names.includes(name));
}
