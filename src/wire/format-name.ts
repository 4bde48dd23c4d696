/** The formats logprobe reads (and, for the OpenAI shapes, writes). */

/** Every format name, in the order `detectFormat` documents them. */
export const FORMAT_NAMES = [
  "openai-completions",
  "openai-completions-stream",
  "openai-chat",
  "openai-chat-stream",
  "openai-responses",
  "openai-responses-stream",
  "llama-server-completion",
  "llama-server-v1-completions",
  "vllm",
  "ollama",
  "gemini",
] as const;

/** A format name: vendor and endpoint (`-stream`: a list of streamed chunks or events). */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** True when `value` is one of {@link FORMAT_NAMES}. */
export function isFormatName(value: string): value is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(value);
}
