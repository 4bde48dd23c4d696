/**
 * The names of the remote backends, in a file with no imports so that the CLI can list them in
 * `--help` without loading any provider code.
 */

/** The remote backends logprobe speaks to. */
export const providerNames = ["openai", "openai-compatible", "llama-server", "ollama", "gemini"] as const;
/** One of {@link providerNames}. */
export type ProviderName = (typeof providerNames)[number];
