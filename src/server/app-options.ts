/** Options of {@link createApp} and their defaults. */
import type { LogprobModel } from "../core/model.js";
import { parseCorsOrigin } from "./cors.js";
import { DIALECT_NAMES, type DialectName } from "./dialects.js";

/** Options of the server factory. Every limit has a default; see {@link resolveAppOptions}. */
export interface AppOptions {
  /** The models served; the first is the default when a request names none. */
  models: LogprobModel[] | LogprobModel;
  /** When set, every API route needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /**
   * Without an API key: host names accepted besides loopback ones, in `Host` and `Origin`
   * (`--allow-host`); `*` accepts any. Ignored with an API key.
   */
  allowedHosts?: string[];
  /** Without an API key: exact browser origins accepted besides local ones (e.g. a CORS list). */
  allowedOrigins?: string[];
  /** Requests generating at the same time (match the engine's `parallel`). Default 2. */
  maxConcurrent?: number;
  /** Requests allowed to wait for a slot; beyond that the server answers 429. Default 16. */
  maxQueue?: number;
  /** Largest request body in bytes; larger gets 413. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Largest `max_tokens` a request may ask for. Default 4096. */
  maxTokensLimit?: number;
  /**
   * Most alternatives per token a request may ask for (`logprobs`, `top_logprobs`,
   * `prompt_logprobs` on completions and chat; vLLM's `--max-logprobs`). Default 20, OpenAI's
   * limit; the model's own limit still applies.
   */
  maxLogprobs?: number;
  /** Per-request time limit in milliseconds, queue wait included; 0 disables. Default 300000. */
  requestTimeoutMs?: number;
  /** Folder of the built web app (index.html and assets), served at `/` when it exists. */
  webRoot?: string;
  /**
   * Origins of browser apps allowed to call the API (`*` for any); preflights are answered. Empty
   * or absent: no CORS headers, preflights get 404. Checked with `parseCorsOrigin`.
   */
  corsOrigins?: readonly string[];
  /** Receives one line per request (method, path, status, tokens, ms; never prompt text). */
  log?: (line: string) => void;
  /** API dialects served (`serve --dialects`); default all of {@link DIALECT_NAMES}. */
  dialects?: readonly DialectName[];
}

/** {@link AppOptions} with defaults filled in. */
export interface ResolvedAppOptions {
  models: LogprobModel[];
  apiKey: string | undefined;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxConcurrent: number;
  maxQueue: number;
  maxBodyBytes: number;
  maxTokensLimit: number;
  maxLogprobs: number;
  requestTimeoutMs: number;
  webRoot: string | undefined;
  corsOrigins: string[];
  log: (line: string) => void;
  dialects: DialectName[];
}

/** Default limits. */
export const defaultAppLimits = {
  maxConcurrent: 2,
  maxQueue: 16,
  maxBodyBytes: 8 * 1024 * 1024,
  maxTokensLimit: 4096,
  maxLogprobs: 20,
  requestTimeoutMs: 300_000,
} as const;

function positiveInteger(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`createApp: ${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

/** Fills in defaults and checks the limits (a programming error throws RangeError). */
export function resolveAppOptions(options: AppOptions): ResolvedAppOptions {
  const models = Array.isArray(options.models) ? options.models : [options.models];
  if (models.length === 0) throw new RangeError("createApp: at least one model is needed");
  return {
    models,
    apiKey: options.apiKey === "" ? undefined : options.apiKey,
    allowedHosts: options.allowedHosts ?? [],
    allowedOrigins: options.allowedOrigins ?? [],
    maxConcurrent: positiveInteger("maxConcurrent", options.maxConcurrent, defaultAppLimits.maxConcurrent, 1),
    maxQueue: positiveInteger("maxQueue", options.maxQueue, defaultAppLimits.maxQueue, 0),
    maxBodyBytes: positiveInteger("maxBodyBytes", options.maxBodyBytes, defaultAppLimits.maxBodyBytes, 1),
    maxTokensLimit: positiveInteger(
      "maxTokensLimit",
      options.maxTokensLimit,
      defaultAppLimits.maxTokensLimit,
      1,
    ),
    maxLogprobs: positiveInteger("maxLogprobs", options.maxLogprobs, defaultAppLimits.maxLogprobs, 0),
    requestTimeoutMs: positiveInteger(
      "requestTimeoutMs",
      options.requestTimeoutMs,
      defaultAppLimits.requestTimeoutMs,
      0,
    ),
    webRoot: options.webRoot,
    corsOrigins: (options.corsOrigins ?? []).map((origin) => {
      try {
        return parseCorsOrigin(origin, "corsOrigins");
      } catch (error) {
        throw new RangeError(`createApp: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
    log: options.log ?? ((line) => console.log(line)),
    dialects: [...(options.dialects ?? DIALECT_NAMES)],
  };
}
