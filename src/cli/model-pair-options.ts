/**
 * Flags and opening for commands that use two models at once (`compare`: --base and --model;
 * `detect`: --observer and --performer). Each model is a local .gguf path, an `hf:` URI, or a
 * remote API model written `PROVIDER:NAME[@BASE_URL]` (e.g. `openai:gpt-4o-mini`,
 * `llama-server:local@http://127.0.0.1:8080`). The engine and providers are imported only when a
 * model opens (inside `withModel`), so `--help` loads no native code.
 */
import type { Command } from "commander";
import { InvalidInputError } from "../core/errors.js";
import type { LogprobModel } from "../core/model.js";
import { type ProviderName, providerNames } from "../providers/provider-names.js";
import type { CommandIo } from "./command-io.js";
import {
  MAX_CONTEXT_SIZE,
  MAX_THREADS,
  MIN_CONTEXT_SIZE,
  type ModelOptions,
  parseModelOptions,
} from "./model-options.js";
import { withModel } from "./with-model.js";

/** How a model argument is written, for help texts. */
export const MODEL_SPEC_HELP = `a .gguf path, an "hf:" URI, or PROVIDER:NAME[@BASE_URL] for a remote API (${providerNames.join(", ")})`;

/** A parsed model argument. */
export type ModelSpec =
  | { kind: "local"; model: string }
  | { kind: "provider"; provider: ProviderName; model: string; baseUrl?: string };

/**
 * Reads one model argument. O(length).
 * @throws {InvalidInputError} naming `flag` when it is empty or names a provider without a model
 */
export function parseModelSpec(value: unknown, flag: string): ModelSpec {
  if (typeof value !== "string" || value.trim() === "")
    throw new InvalidInputError(flag, `${flag} is required: ${MODEL_SPEC_HELP}`, MODEL_SPEC_HELP);
  const colon = value.indexOf(":");
  const prefix = colon > 0 ? value.slice(0, colon) : "";
  const provider = providerNames.find((name) => name === prefix);
  if (provider === undefined) return { kind: "local", model: value };
  const rest = value.slice(colon + 1);
  const at = rest.search(/@https?:\/\//);
  const model = at >= 0 ? rest.slice(0, at) : rest;
  if (model === "")
    throw new InvalidInputError(
      flag,
      `${flag} "${value}" names no model after "${provider}:"`,
      MODEL_SPEC_HELP,
    );
  return at >= 0
    ? { kind: "provider", provider, model, baseUrl: rest.slice(at + 1) }
    : { kind: "provider", provider, model };
}

/** The model flags of {@link ModelOptions} for one model argument, on top of the shared flags. */
export function modelOptionsForSpec(spec: ModelSpec, shared: ModelOptions): ModelOptions {
  const { provider: _provider, baseUrl: _baseUrl, model: _model, ...rest } = shared;
  if (spec.kind === "local") {
    // The remote-only flags apply to the other model of the pair, not to a local one.
    const { apiKey: _apiKey, cache: _cache, maxRetries: _maxRetries, timeout: _timeout, ...engine } = rest;
    return { ...engine, model: spec.model };
  }
  return {
    ...rest,
    provider: spec.provider,
    model: spec.model,
    ...(spec.baseUrl !== undefined ? { baseUrl: [spec.baseUrl] } : {}),
  };
}

/** Adds the flags shared by both models (engine and provider settings). Returns the command. */
export function addModelPairOptions(command: Command): Command {
  return command
    .option(
      "--context-size <tokens>",
      `local models: context in tokens, ${MIN_CONTEXT_SIZE} to ${MAX_CONTEXT_SIZE} (default: the model's, at most 4096)`,
    )
    .option("--threads <count>", `local models: CPU threads, 1 to ${MAX_THREADS} (default: automatic)`)
    .option("--gpu <mode>", 'local models: "auto" or "off" (default: auto)')
    .option("--api-key <key>", "remote models: API key (default: the provider's usual environment variable)")
    .option("--cache [path]", "remote models: cache responses in SQLite (default path: ~/.cache/logprobe)")
    .option("--max-retries <count>", "remote models: retries, 0 to 20 (default: 2)")
    .option("--timeout <seconds>", "remote models: seconds per request, 0 to 86400 (default: 120)");
}

/** Reads the shared flags (the per-model ones are read by {@link parseModelSpec}). */
export function parseModelPairOptions(
  raw: Record<string, unknown>,
  roleFlags: readonly string[],
): ModelOptions {
  const shared = { ...raw };
  for (const key of [...roleFlags, "model", "provider", "baseUrl"]) delete shared[key];
  return parseModelOptions(shared);
}

/**
 * Opens both models, runs `work`, closes them. The same local model named twice is opened once
 * and handed over twice (its full distributions are then read from one sequence).
 */
export async function withModelPair<T>(
  first: ModelSpec,
  second: ModelSpec,
  shared: ModelOptions,
  io: CommandIo,
  needs: { maxTopLogprobs?: number },
  work: (first: LogprobModel, second: LogprobModel, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const same = first.kind === "local" && second.kind === "local" && first.model === second.model;
  return withModel(modelOptionsForSpec(first, shared), io, needs, (a, outerSignal) =>
    same
      ? work(a, a, outerSignal)
      : withModel(modelOptionsForSpec(second, shared), io, needs, (b, signal) => work(a, b, signal)),
  );
}
