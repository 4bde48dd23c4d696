/**
 * The model flags every model-using command shares (`--model`, `--context-size`, `--threads`) and
 * {@link openModel}, which turns them into a {@link LogprobModel}. The engine (native code) is
 * imported here, inside a function, so that merely registering commands or printing `--help`
 * never loads node-llama-cpp.
 *
 * To add a backend (e.g. remote providers), add its flags in {@link addModelOptions}, its fields
 * in {@link modelOptionsSchema}, and a branch in {@link openModel}.
 */
import type { Command } from "commander";
import { z } from "zod";
import type { LogprobModel } from "../core/model.js";
import { choiceFlag, integerFlag, textFlag } from "./flag-schemas.js";
import { parseFlags } from "./parse-flags.js";

/** Smallest `--context-size` accepted (tokens; the engine's limit). */
export const MIN_CONTEXT_SIZE = 16;
/** Largest `--context-size` accepted (tokens). */
export const MAX_CONTEXT_SIZE = 1_048_576;
/** Largest `--threads` accepted. */
export const MAX_THREADS = 1024;

/** Validates the shared model flags (commander keys, string values). */
export const modelOptionsSchema = z.object({
  model: textFlag().optional(),
  contextSize: integerFlag({ min: MIN_CONTEXT_SIZE, max: MAX_CONTEXT_SIZE }).optional(),
  threads: integerFlag({ min: 1, max: MAX_THREADS }).optional(),
  gpu: choiceFlag(["auto", "off"]).default("auto"),
});

/** Validated model flags. */
export type ModelOptions = z.output<typeof modelOptionsSchema>;

/** Adds the shared model flags to a command. Returns the command for chaining. */
export function addModelOptions(command: Command): Command {
  return command
    .option(
      "-m, --model <path-or-uri>",
      'local .gguf file, or a model URI such as "hf:owner/repo/file.gguf" (default: $LOGPROBE_MODEL, else a small built-in model, downloaded once)',
    )
    .option(
      "--context-size <tokens>",
      `context window in tokens, ${MIN_CONTEXT_SIZE} to ${MAX_CONTEXT_SIZE} (default: the model's, at most 4096)`,
    )
    .option("--threads <count>", `CPU threads, 1 to ${MAX_THREADS} (default: automatic)`)
    .option("--gpu <mode>", '"auto" uses a GPU when one is found, "off" uses the CPU only (default: auto)');
}

/**
 * Reads the shared model flags from commander's options.
 *
 * @throws {InvalidInputError} naming the flag when a value is out of range
 */
export function parseModelOptions(raw: unknown): ModelOptions {
  return parseFlags(modelOptionsSchema, raw);
}

/** What the command needs from the model, and hooks, for {@link openModel}. */
export interface OpenModelHooks {
  /** Most alternatives per token the command will ask for (raises the backend's limit if needed). */
  maxTopLogprobs?: number;
  /** Called while a model file downloads, with bytes done and total (total 0 when unknown). */
  onDownloadProgress?: (downloadedBytes: number, totalBytes: number) => void;
  /** Cancels loading. */
  signal?: AbortSignal;
}

/**
 * Opens the model the flags describe. Cost: loads native code and the model file (milliseconds
 * for a small local file; a download the first time a URI is used).
 *
 * @throws {ModelLoadError} when the model cannot be found, downloaded or loaded
 */
export async function openModel(options: ModelOptions, hooks: OpenModelHooks = {}): Promise<LogprobModel> {
  const { DEFAULT_MAX_TOP_LOGPROBS, loadModel } = await import("../engine/index.js");
  return loadModel({
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.contextSize !== undefined ? { contextSize: options.contextSize } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    gpu: options.gpu === "off" ? false : "auto",
    ...(hooks.maxTopLogprobs !== undefined
      ? { maxTopLogprobs: Math.max(hooks.maxTopLogprobs, DEFAULT_MAX_TOP_LOGPROBS) }
      : {}),
    ...(hooks.onDownloadProgress ? { onDownloadProgress: hooks.onDownloadProgress } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  });
}
