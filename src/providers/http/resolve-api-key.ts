/**
 * Finds the API key of a provider: the explicit option first, then the usual environment variables.
 */
import { InvalidInputError } from "../../core/errors.js";

/**
 * Environment variables read for each provider, in order. `LOGPROBE_API_KEY` is not among them:
 * it is the key `logprobe serve` requires, and a serving key must never be sent to whatever
 * `--base-url` a provider is given. A client of a logprobe server passes the key with `--api-key`
 * or sets `OPENAI_COMPATIBLE_API_KEY`.
 */
export const API_KEY_ENVIRONMENT_VARIABLES = {
  openai: ["OPENAI_API_KEY"],
  "openai-compatible": ["OPENAI_COMPATIBLE_API_KEY"],
  "llama-server": ["LLAMA_API_KEY"],
  ollama: ["OLLAMA_API_KEY"],
  gemini: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
} as const satisfies Record<string, readonly string[]>;

/**
 * The key to use: `explicit` when given (an empty string means "no key", which a hosted API
 * refuses), else the first set
 * environment variable of the provider. `OPENAI_API_KEY` is deliberately not sent to
 * `openai-compatible` servers, which may be anyone's.
 *
 * @param provider provider name (a key of {@link API_KEY_ENVIRONMENT_VARIABLES})
 * @param explicit key from an option or flag
 * @param options.required throw when no key is found (hosted APIs)
 * @param options.environment variables to read; default `process.env`
 * @throws {InvalidInputError} on field `apiKey` when a required key is missing
 */
export function resolveApiKey(
  provider: keyof typeof API_KEY_ENVIRONMENT_VARIABLES,
  explicit: string | undefined,
  options: { required?: boolean; environment?: Record<string, string | undefined> } = {},
): string | undefined {
  const names: readonly string[] = API_KEY_ENVIRONMENT_VARIABLES[provider];
  if (explicit !== undefined && explicit !== "") return explicit;
  if (explicit === undefined) {
    const environment = options.environment ?? process.env;
    for (const name of names) {
      const value = environment[name];
      if (value !== undefined && value !== "") return value;
    }
  }
  if (options.required) {
    throw new InvalidInputError(
      "apiKey",
      `the ${provider} provider needs an API key: set ${names.join(" or ")} or pass --api-key`,
      "a non-empty key",
    );
  }
  return undefined;
}
