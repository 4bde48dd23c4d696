/**
 * The one entry point to remote backends: `createProvider({provider, model, ...})` returns a
 * {@link LogprobModel} that behaves like the embedded engine (same requests, same result shapes).
 */
import { InvalidInputError } from "../core/errors.js";
import type { LogprobModel } from "../core/model.js";
import { type ResponseCache, SqliteResponseCache } from "./cache/response-cache.js";
import { GeminiProvider } from "./gemini/gemini-provider.js";
import type { FetchFunction } from "./http/post-json-with-retry.js";
import { type API_KEY_ENVIRONMENT_VARIABLES, resolveApiKey } from "./http/resolve-api-key.js";
import { LlamaServerProvider } from "./llama-server/llama-server-provider.js";
import { OllamaProvider } from "./ollama/ollama-provider.js";
import { type OpenAIApi, OpenAIProvider } from "./openai/openai-provider.js";
import type { ScoreMethod } from "./openai-compatible/convert-to-completion-request.js";
import { OpenAICompatibleProvider } from "./openai-compatible/openai-compatible-provider.js";
import { type ProviderName, providerNames } from "./provider-names.js";
import { ProviderTransport } from "./shared/provider-transport.js";

export { type ProviderName, providerNames } from "./provider-names.js";

/** Base URL used when none is given (openai-compatible has none: it must be given). */
export const DEFAULT_BASE_URLS: Readonly<Record<ProviderName, string | undefined>> = {
  openai: "https://api.openai.com/v1",
  "openai-compatible": undefined,
  "llama-server": "http://127.0.0.1:8080",
  ollama: "http://127.0.0.1:11434",
  gemini: "https://generativelanguage.googleapis.com/v1beta",
};

/** Options of {@link createProvider}. */
export interface CreateProviderOptions {
  provider: ProviderName;
  /** Model name (for llama-server: only a label). */
  model: string;
  /** Server URL; see {@link DEFAULT_BASE_URLS}. For OpenAI-compatible servers include `/v1`. */
  baseUrl?: string;
  /** API key; default from the provider's environment variables (see `API_KEY_ENVIRONMENT_VARIABLES`). */
  apiKey?: string;
  /** `fetch` to use (tests inject a replay). Default the global one. */
  fetch?: FetchFunction;
  /** Retries after a retryable failure (408/409/429/5xx, network, timeout). Default 2. */
  maxRetries?: number;
  /** Time allowed per attempt, and longest silence in a stream (ms). Default 120 000. */
  timeoutMs?: number;
  /** Largest upstream response (a JSON body or a whole stream) in bytes. Default 64 MiB. */
  maxResponseBytes?: number;
  /**
   * Response cache (opt-in): a {@link ResponseCache} the caller owns, or a SQLite file path
   * (`true` = the default path) that the provider opens and closes in `close()`.
   */
  cache?: ResponseCache | string | true;
  /** openai only: which endpoint generates ("chat", "completions", "responses"). */
  api?: OpenAIApi;
  /** openai-compatible only: how `score` asks for prompt logprobs. Default "echo". */
  scoreMethod?: ScoreMethod;
  /** openai-compatible only: largest top-k the server accepts. Default 20. */
  maxTopLogprobs?: number;
  /** Environment to read keys from; default `process.env`. */
  environment?: Record<string, string | undefined>;
}

/**
 * Creates the provider. Nothing is sent until the first request.
 *
 * @throws {InvalidInputError} on an unknown provider (`provider`), a missing or malformed base URL
 *   (`baseUrl`), a missing key for a hosted API (`apiKey`), or a bad retry/timeout setting
 */
export function createProvider(options: CreateProviderOptions): LogprobModel {
  const { provider } = options;
  if (!providerNames.includes(provider)) {
    throw new InvalidInputError(
      "provider",
      `unknown provider "${String(provider)}"`,
      providerNames.join(", "),
    );
  }
  if (typeof options.model !== "string" || options.model.trim() === "") {
    throw new InvalidInputError(
      "model",
      `the ${provider} provider needs a model name`,
      "a non-empty model name",
    );
  }
  if (options.maxRetries !== undefined && (!Number.isInteger(options.maxRetries) || options.maxRetries < 0)) {
    throw new InvalidInputError("maxRetries", `maxRetries is ${options.maxRetries}`, "an integer >= 0");
  }
  if (options.timeoutMs !== undefined && (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)) {
    throw new InvalidInputError(
      "timeoutMs",
      `timeoutMs is ${options.timeoutMs}`,
      "a number of milliseconds > 0",
    );
  }
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URLS[provider];
  if (baseUrl === undefined) {
    throw new InvalidInputError(
      "baseUrl",
      `the ${provider} provider needs a base URL`,
      "an http(s) URL such as http://127.0.0.1:8000/v1",
    );
  }
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(baseUrl);
  } catch {
    throw new InvalidInputError("baseUrl", `"${baseUrl}" is not a URL`, "an http(s) URL");
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:") {
    throw new InvalidInputError("baseUrl", `"${baseUrl}" is not an http(s) URL`, "an http(s) URL");
  }
  const apiKey = resolveApiKey(
    provider satisfies keyof typeof API_KEY_ENVIRONMENT_VARIABLES,
    options.apiKey,
    {
      required: provider === "openai" || provider === "gemini",
      ...(options.environment ? { environment: options.environment } : {}),
    },
  );
  const headers: Record<string, string> = {};
  if (apiKey !== undefined) {
    if (provider === "gemini") headers["x-goog-api-key"] = apiKey;
    else headers.authorization = `Bearer ${apiKey}`;
  }
  const cache =
    options.cache === undefined || typeof options.cache === "object"
      ? options.cache
      : new SqliteResponseCache(options.cache === true ? undefined : options.cache);
  const transport = new ProviderTransport({
    provider,
    baseUrl,
    model: options.model,
    headers,
    http: {
      secrets: [apiKey],
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
    },
    ...(cache ? { cache, ownsCache: typeof options.cache !== "object" } : {}),
  });
  const model = options.model;
  switch (provider) {
    case "openai":
      return new OpenAIProvider({
        transport,
        model,
        ...(options.api ? { api: options.api } : {}),
        ...(options.maxTopLogprobs !== undefined ? { maxTopLogprobs: options.maxTopLogprobs } : {}),
      });
    case "openai-compatible":
      return new OpenAICompatibleProvider({
        transport,
        model,
        ...(options.scoreMethod ? { scoreMethod: options.scoreMethod } : {}),
        ...(options.maxTopLogprobs !== undefined ? { maxTopLogprobs: options.maxTopLogprobs } : {}),
      });
    case "llama-server":
      return new LlamaServerProvider({ transport, model });
    case "ollama":
      return new OllamaProvider({ transport, model });
    case "gemini":
      return new GeminiProvider({ transport, model });
  }
}
