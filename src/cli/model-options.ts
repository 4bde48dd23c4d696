/**
 * The model flags every model-using command shares (`--model`, then {@link modelFlags}: the local
 * engine's `--context-size`, `--threads`, ... and the remote providers' `--provider`, `--api-key`,
 * ...) and {@link openModel}, which turns them into a {@link LogprobModel}: a local model through
 * the engine, or a remote one through `providers/` when `--provider` is given. The engine (native
 * code) and the providers are imported inside functions, so that merely registering commands or
 * printing `--help` never loads node-llama-cpp.
 *
 * A new model setting is one field of {@link modelOptionsSchema} and one entry of
 * {@link modelFlags}; commands with two models (compare, detect) get it from there too.
 */
import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import type { LogprobModel } from "../core/model.js";
import { providerNames } from "../providers/provider-names.js";
import { definedFields } from "./defined-fields.js";
import { choiceFlag, gpuLayersFlag, integerFlag, textFlag } from "./flag-schemas.js";
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
  gpuLayers: gpuLayersFlag().optional(),
  batchSize: integerFlag({ min: 16, max: 65_536 }).optional(),
  provider: choiceFlag(providerNames).optional(),
  baseUrl: z.array(textFlag()).optional(),
  apiKey: z.string().optional(),
  cache: z.union([z.literal(true), textFlag()]).optional(),
  maxRetries: integerFlag({ min: 0, max: 20 }).optional(),
  timeout: integerFlag({ min: 0, max: 86_400 }).optional(),
});

/** Validated model flags. */
export type ModelOptions = z.output<typeof modelOptionsSchema>;

/** One model flag: its commander key (a {@link modelOptionsSchema} key), spelling and help. */
export interface ModelFlag {
  key: Exclude<keyof ModelOptions, "model" | "provider" | "baseUrl">;
  /** Commander spelling, e.g. "-c, --context-size <tokens>". */
  flags: string;
  help: string;
  /** "engine": a local model's setting; "remote": a provider's. */
  scope: "engine" | "remote";
}

/**
 * The flags that set how a model is opened, besides which model: defined once, for commands with
 * one model ({@link addModelOptions}) and with two (`model-pair-options.ts`).
 */
export const modelFlags: readonly ModelFlag[] = [
  {
    key: "contextSize",
    flags: "-c, --context-size <tokens>",
    help: `context window in tokens, ${MIN_CONTEXT_SIZE} to ${MAX_CONTEXT_SIZE} (default: the model's, at most 4096)`,
    scope: "engine",
  },
  {
    key: "threads",
    flags: "-t, --threads <count>",
    help: `CPU threads, 1 to ${MAX_THREADS} (default: automatic)`,
    scope: "engine",
  },
  {
    key: "gpu",
    flags: "--gpu <mode>",
    help: '"auto" uses a GPU when one is found, "off" uses the CPU only (default: auto)',
    scope: "engine",
  },
  {
    key: "batchSize",
    flags: "--batch-size <tokens>",
    help: "tokens per decode, shared by texts scored at once (16 to 65536; default: 512 or the context)",
    scope: "engine",
  },
  {
    key: "gpuLayers",
    flags: "--gpu-layers <n>",
    help: 'layers offloaded to the GPU: a count, "max" or "auto" (default: auto, as node-llama-cpp fits them in free GPU memory)',
    scope: "engine",
  },
  {
    key: "apiKey",
    flags: "--api-key <key>",
    help: "API key (default: the provider's usual environment variable, e.g. OPENAI_API_KEY)",
    scope: "remote",
  },
  {
    key: "cache",
    flags: "--cache [path]",
    help: "cache provider responses in SQLite, keyed by the full request (default path: ~/.cache/logprobe)",
    scope: "remote",
  },
  {
    key: "maxRetries",
    flags: "--max-retries <count>",
    help: "retries on 408/409/429/5xx and network errors, 0 to 20 (default: 2)",
    scope: "remote",
  },
  {
    key: "timeout",
    flags: "--timeout <seconds>",
    help: "seconds allowed per request, 0 to 86400, 0 = no limit (default: 120)",
    scope: "remote",
  },
];

/**
 * Adds the local-model flags of {@link modelFlags} (`-c`, `-t`, `--gpu`, `--batch-size`,
 * `--gpu-layers`), each help text after `helpPrefix`. Returns the command.
 */
export function addEngineFlags(command: Command, helpPrefix = ""): Command {
  for (const flag of modelFlags)
    if (flag.scope === "engine") command.option(flag.flags, helpPrefix + flag.help);
  return command;
}

/** Adds the shared model flags to a command. Returns the command for chaining. */
export function addModelOptions(command: Command): Command {
  command.option(
    "-m, --model <path-or-uri>",
    'local .gguf file, or a model URI such as "hf:owner/repo/file.gguf" (default: $LOGPROBE_MODEL, else a small built-in model, downloaded once)',
  );
  addEngineFlags(command);
  // `serve` serves a local model and has its own --api-key and --timeout (the server's).
  if (command.name() === "serve") return command;
  command
    .option("--provider <name>", `use a remote API instead of a local model: ${providerNames.join(", ")}`)
    .option(
      "--base-url <url>",
      "server URL of the provider, e.g. http://127.0.0.1:8000/v1 (batch: repeat to spread work over servers)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    );
  for (const flag of modelFlags)
    if (flag.scope === "remote") command.option(flag.flags, `provider: ${flag.help}`);
  return command;
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
  /** Requests the command runs at once (context sequences of a local model; default 1). */
  parallel?: number;
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
  if (options.provider !== undefined) {
    const baseUrls = options.baseUrl ?? [];
    if (baseUrls.length > 1) {
      throw new InvalidInputError(
        "--base-url",
        "this command talks to one server",
        "one --base-url (several only with batch)",
      );
    }
    const [model] = await openProviderModels(options, baseUrls.length === 1 ? baseUrls : [undefined]);
    if (!model) throw new Error("unreachable: one base URL gives one model");
    return model;
  }
  if (options.baseUrl !== undefined || options.apiKey !== undefined || options.cache !== undefined) {
    throw new InvalidInputError(
      "--provider",
      "--base-url, --api-key and --cache need --provider",
      providerNames.join(", "),
    );
  }
  const { DEFAULT_MAX_TOP_LOGPROBS, loadModel } = await import("../engine/index.js");
  const { maxTopLogprobs, ...rest } = hooks;
  return loadModel({
    ...engineLoadOptions(options),
    ...definedFields(rest),
    ...(maxTopLogprobs !== undefined
      ? { maxTopLogprobs: Math.max(maxTopLogprobs, DEFAULT_MAX_TOP_LOGPROBS) }
      : {}),
  });
}

/** The flags of {@link addEngineFlags}, and `--model`. */
export type EngineOptions = Pick<
  ModelOptions,
  "model" | "contextSize" | "threads" | "gpu" | "gpuLayers" | "batchSize"
>;

/** The schema of {@link EngineOptions}: commands with their own model flags extend it. */
export const engineOptionsSchema = modelOptionsSchema.pick({
  model: true,
  contextSize: true,
  threads: true,
  gpu: true,
  gpuLayers: true,
  batchSize: true,
});

/** The flags a local model is loaded with, as `loadModel` options (`--gpu off` is `gpu: false`). O(1). */
export function engineLoadOptions(options: EngineOptions) {
  const { model, contextSize, threads, gpuLayers, batchSize } = options;
  return {
    ...definedFields({ model, contextSize, threads, gpuLayers, batchSize }),
    gpu: options.gpu === "off" ? (false as const) : ("auto" as const),
  };
}

/**
 * Opens one provider model per base URL (batch spreads work over them). Loads only provider code.
 *
 * @param baseUrls the servers; `undefined` = the provider's default URL
 * @throws {InvalidInputError} when `--provider` or `--model` is missing, or a URL or key is invalid
 */
export async function openProviderModels(
  options: ModelOptions,
  baseUrls: readonly (string | undefined)[],
): Promise<LogprobModel[]> {
  const provider = options.provider;
  if (provider === undefined)
    throw new InvalidInputError("--provider", "no provider given", providerNames.join(", "));
  const model = options.model ?? (provider === "llama-server" ? "llama-server" : undefined);
  if (model === undefined) {
    throw new InvalidInputError(
      "--model",
      `the ${provider} provider needs the remote model's name`,
      "a model name",
    );
  }
  const { createProvider } = await import("../providers/index.js");
  // Each model opens its own connection to the cache file (SQLite WAL) and closes it in close().
  return baseUrls.map((baseUrl) =>
    createProvider({
      provider,
      model,
      ...definedFields({
        baseUrl,
        apiKey: options.apiKey,
        maxRetries: options.maxRetries,
        timeoutMs: options.timeout === undefined ? undefined : (options.timeout || 86_400) * 1000,
        cache: options.cache,
      }),
    }),
  );
}
