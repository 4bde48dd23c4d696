/**
 * Flags and opening for commands that use two models at once (`compare`: --base and --model;
 * `detect`: --observer and --performer). Each model is a local .gguf path, an `hf:` URI, or a
 * remote API model written `PROVIDER:NAME[@BASE_URL]` (e.g. `openai:gpt-4o-mini`,
 * `llama-server:local@http://127.0.0.1:8080`). The engine and providers are imported only when a
 * model opens (inside `withModel`), so `--help` loads no native code.
 */
import { type Command, Option } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import type { LogprobModel } from "../core/model.js";
import { type ProviderName, providerNames } from "../providers/provider-names.js";
import type { CommandIo } from "./command-io.js";
import { type ModelOptions, modelFlags, modelOptionsSchema, parseModelOptions } from "./model-options.js";
import { parseFlags } from "./parse-flags.js";
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

/** The model flags of {@link ModelOptions} for one model argument, on top of its flags. */
export function modelOptionsForSpec(spec: ModelSpec, flags: ModelOptions): ModelOptions {
  const { provider: _provider, baseUrl: _baseUrl, model: _model, ...rest } = flags;
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

/** `contextSize` of role `base` -> `baseContextSize`: commander's key of `--base-context-size`. */
function roleKey(role: string, key: string): string {
  return `${role}${key[0]?.toUpperCase() ?? ""}${key.slice(1)}`;
}

/** `-c, --context-size <tokens>` of role `base` -> `--base-context-size <tokens>`. */
function roleFlags(role: string, flags: string): string {
  const long = flags.slice(flags.indexOf("--") + 2);
  return `--${role}-${long}`;
}

/**
 * Adds the model flags of {@link modelFlags} (the ones a single-model command has, but `--model`,
 * `--provider` and `--base-url`, which the model arguments carry), shared by both models, and for
 * each role a `--ROLE-FLAG` variant that sets it for that model only (e.g. `--base-gpu-layers 0`).
 * Returns the command.
 */
export function addModelPairOptions(command: Command, roles: readonly [string, string]): Command {
  const scopes = { engine: "local models", remote: "remote models" } as const;
  for (const flag of modelFlags) command.option(flag.flags, `${scopes[flag.scope]}: ${flag.help}`);
  for (const role of roles) {
    for (const flag of modelFlags)
      command.addOption(
        new Option(roleFlags(role, flag.flags), `${flag.flags} for --${role} only`).hideHelp(),
      );
  }
  const [first, second] = roles;
  return command.addHelpText(
    "after",
    `\nPer model: each flag from --context-size to --timeout also exists as --${first}-FLAG and --${second}-FLAG\n(e.g. --${first}-gpu-layers 0), which sets it for that model only, over the shared value.`,
  );
}

/**
 * Reads the model flags of both roles: the shared flags, overridden by each role's `--ROLE-FLAG`
 * (the model arguments themselves are read by {@link parseModelSpec}).
 * @throws {InvalidInputError} naming the flag as typed (`--base-threads`) when a value is invalid
 */
export function parseModelPairOptions(
  raw: Record<string, unknown>,
  roles: readonly [string, string],
): [ModelOptions, ModelOptions] {
  const shared = parseModelOptions(Object.fromEntries(modelFlags.map((flag) => [flag.key, raw[flag.key]])));
  const forRole = (role: string): ModelOptions => {
    const given = modelFlags.filter((flag) => raw[roleKey(role, flag.key)] !== undefined);
    // Only the flags given: a default (`--gpu auto`) must not override the shared value.
    const schema = z.object(
      Object.fromEntries(given.map((flag) => [flag.key, modelOptionsSchema.shape[flag.key]])),
    );
    try {
      const overrides: Partial<ModelOptions> = parseFlags(
        schema,
        Object.fromEntries(given.map((flag) => [flag.key, raw[roleKey(role, flag.key)]])),
      );
      return { ...shared, ...overrides };
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      throw new InvalidInputError(error.field.replace(/^--/, `--${role}-`), error.message);
    }
  };
  return [forRole(roles[0]), forRole(roles[1])];
}

/**
 * Opens both models, runs `work`, closes them. The same local model named twice with the same flags
 * is opened once and handed over twice (its full distributions are then read from one sequence).
 */
export async function withModelPair<T>(
  first: ModelSpec,
  second: ModelSpec,
  flags: readonly [ModelOptions, ModelOptions],
  io: CommandIo,
  needs: { maxTopLogprobs?: number },
  work: (first: LogprobModel, second: LogprobModel, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const firstOptions = modelOptionsForSpec(first, flags[0]);
  const secondOptions = modelOptionsForSpec(second, flags[1]);
  const same =
    first.kind === "local" &&
    second.kind === "local" &&
    JSON.stringify(firstOptions) === JSON.stringify(secondOptions);
  return withModel(firstOptions, io, needs, (a, outerSignal) =>
    same ? work(a, a, outerSignal) : withModel(secondOptions, io, needs, (b, signal) => work(a, b, signal)),
  );
}
