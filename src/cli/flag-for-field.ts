/**
 * Maps the field names that library errors carry (`maxTokens`, `sampling.topK`, ...) to the CLI
 * flag or argument a user typed, so that an error found deep in the engine or a provider still
 * names the flag (`--max-tokens`).
 */
import { modelFlags } from "./model-options.js";

/** `contextSize` -> `--context-size`, ...: the model flags, from their one definition. */
const modelFieldFlags = Object.fromEntries(
  modelFlags.map((flag) => [flag.key, /--[a-z-]+/.exec(flag.flags)?.[0] ?? flag.flags]),
);

const fieldFlags: Readonly<Record<string, string>> = {
  prompt: "PROMPT",
  messages: "PROMPT",
  text: "FILE",
  maxTokens: "--max-tokens",
  stop: "--stop",
  topLogprobs: "--top",
  logprobsMode: "--logprobs-mode",
  "sampling.temperature": "--temperature",
  "sampling.topK": "--top-k",
  "sampling.topP": "--top-p",
  "sampling.minP": "--min-p",
  "sampling.typicalP": "--typical-p",
  "sampling.repeatPenalty": "--repeat-penalty",
  "sampling.seed": "--seed",
  windowSize: "--window",
  stride: "--stride",
  width: "--width",
  lengthPenalty: "--length-penalty",
  model: "--model",
  ...modelFieldFlags,
};

/**
 * The CLI flag for a library field name, or `undefined` when the field is not a flag (fields that
 * already are flags, like `--temperature`, are returned as they are). Array indices are ignored:
 * `stop.3` is `--stop`.
 */
export function flagForField(field: string): string | undefined {
  if (field.startsWith("-") || /^[A-Z]+$/.test(field)) return field;
  return fieldFlags[field] ?? fieldFlags[field.replace(/\.\d+$/, "")];
}
