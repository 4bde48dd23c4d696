/**
 * Decoding flags shared by `generate` (and the default command) and `beam`: token budget, sampling
 * settings, stop strings, number of alternatives and the logprobs mode. Validated with zod; an
 * out-of-range value throws an `InvalidInputError` naming the flag.
 */
import type { Command } from "commander";
import { z } from "zod";
import type { GenerateRequest } from "../core/model.js";
import type { SamplingSettings } from "../core/types.js";
import { choiceFlag, integerFlag, numberFlag, textFlag } from "./flag-schemas.js";
import { parseFlags } from "./parse-flags.js";

/** Largest `--max-tokens` accepted. */
export const MAX_GENERATED_TOKENS = 65_536;
/** Largest `--top` accepted (the backend may allow fewer; checked against its capabilities). */
export const MAX_TOP_ALTERNATIVES = 100;
/** Most `--stop` strings accepted (the engine's limit). */
export const MAX_STOP_STRINGS = 16;
/** Default `--max-tokens`. */
export const DEFAULT_MAX_TOKENS = 64;
/** Default `--top`. */
export const DEFAULT_TOP_ALTERNATIVES = 5;

/** Validates the decoding flags (commander keys, string values). */
export const generationOptionsSchema = z.object({
  maxTokens: integerFlag({ min: 1, max: MAX_GENERATED_TOKENS }).default(DEFAULT_MAX_TOKENS),
  temperature: numberFlag({ min: 0, max: 2 }).optional(),
  topK: integerFlag({ min: 0, max: 1_000_000 }).optional(),
  topP: numberFlag({ min: 0, max: 1, exclusiveMin: true }).optional(),
  minP: numberFlag({ min: 0, max: 1 }).optional(),
  typicalP: numberFlag({ min: 0, max: 1, exclusiveMin: true }).optional(),
  repeatPenalty: numberFlag({ min: 0, max: 10, exclusiveMin: true }).optional(),
  seed: integerFlag({ min: 0, max: 4_294_967_295 }).optional(),
  top: integerFlag({ min: 0, max: MAX_TOP_ALTERNATIVES }).default(DEFAULT_TOP_ALTERNATIVES),
  logprobsMode: choiceFlag(["raw", "processed"]).default("raw"),
  stop: z
    .array(textFlag())
    .max(MAX_STOP_STRINGS, { message: `must be given at most ${MAX_STOP_STRINGS} times` })
    .default([]),
  chat: z.boolean().default(false),
  system: textFlag().optional(),
});

/** Validated decoding flags. */
export type GenerationOptions = z.output<typeof generationOptionsSchema>;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the decoding flags to a command. Returns the command for chaining. */
export function addGenerationOptions(command: Command): Command {
  return command
    .option(
      "-n, --max-tokens <count>",
      `tokens to generate, 1 to ${MAX_GENERATED_TOKENS} (default: ${DEFAULT_MAX_TOKENS})`,
    )
    .option("--temperature <value>", "sampling temperature, 0 to 2; 0 = greedy (default: 0)")
    .option("--top-k <count>", "keep the k most probable tokens, 0 to 1000000; 0 = off")
    .option("--top-p <mass>", "nucleus sampling mass, above 0 to 1; 1 = off")
    .option("--min-p <ratio>", "drop tokens below this fraction of the top probability, 0 to 1; 0 = off")
    .option("--typical-p <mass>", "locally typical sampling mass, above 0 to 1; 1 = off")
    .option("--repeat-penalty <factor>", "penalty on recently seen tokens, above 0 to 10; 1 = off")
    .option("-s, --seed <integer>", "random seed for reproducible sampling, 0 to 4294967295")
    .option(
      "--top <count>",
      `alternatives shown per token, 0 to ${MAX_TOP_ALTERNATIVES} (default: ${DEFAULT_TOP_ALTERNATIVES})`,
    )
    .option(
      "--logprobs-mode <mode>",
      'distribution the logprobs describe: "raw" (model) or "processed" (after sampling settings) (default: raw)',
    )
    .option(
      "--stop <text>",
      `stop before this text; repeatable up to ${MAX_STOP_STRINGS} times; \\n and \\t are understood`,
      collect,
    )
    .option("--chat", "send the prompt as a user message through the model's chat template")
    .option("--system <text>", "a system message before the prompt (implies --chat)");
}

/**
 * Reads the decoding flags from commander's options.
 *
 * @throws {InvalidInputError} naming the flag when a value is out of range
 */
export function parseGenerationOptions(raw: unknown): GenerationOptions {
  return parseFlags(generationOptionsSchema, raw);
}

/** Turns the escapes `\n`, `\t`, `\r` and `\\` typed on a command line into the characters. */
export function decodeEscapes(text: string): string {
  return text.replace(/\\([ntr\\])/g, (_, letter: string) =>
    letter === "n" ? "\n" : letter === "t" ? "\t" : letter === "r" ? "\r" : "\\",
  );
}

/** The sampling settings the flags set (absent flags stay absent). */
export function samplingSettings(options: GenerationOptions): SamplingSettings {
  const settings: SamplingSettings = {};
  if (options.temperature !== undefined) settings.temperature = options.temperature;
  if (options.topK !== undefined) settings.topK = options.topK;
  if (options.topP !== undefined) settings.topP = options.topP;
  if (options.minP !== undefined) settings.minP = options.minP;
  if (options.typicalP !== undefined) settings.typicalP = options.typicalP;
  if (options.repeatPenalty !== undefined) settings.repeatPenalty = options.repeatPenalty;
  if (options.seed !== undefined) settings.seed = options.seed;
  return settings;
}

/** Builds the model request for `prompt` from the flags. */
export function generateRequest(prompt: string, options: GenerationOptions): GenerateRequest {
  return {
    ...(options.system !== undefined
      ? {
          messages: [
            { role: "system" as const, content: decodeEscapes(options.system) },
            { role: "user" as const, content: prompt },
          ],
        }
      : options.chat
        ? { messages: [{ role: "user" as const, content: prompt }] }
        : { prompt }),
    maxTokens: options.maxTokens,
    stop: options.stop.map(decodeEscapes),
    sampling: samplingSettings(options),
    topLogprobs: options.top,
    logprobsMode: options.logprobsMode,
  };
}
