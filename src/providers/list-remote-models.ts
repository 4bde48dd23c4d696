/**
 * The models a remote backend offers, from its own listing endpoint: `GET {baseUrl}/models` for
 * OpenAI and OpenAI-compatible servers (vLLM, logprobe serve; `{"data": [{"id"}]}`),
 * `GET /v1/models` for llama-server, `GET /api/tags` for Ollama (`{"models": [{"name"}]}`) and
 * `GET {baseUrl}/models` for Gemini (`{"models": [{"name": "models/..."}]}`).
 */
import { z } from "zod";
import { ApiCallError, InvalidInputError } from "../core/errors.js";
import { parseWithSchema } from "../wire/validate.js";
import { DEFAULT_BASE_URLS } from "./create-provider.js";
import type { FetchFunction } from "./http/post-json-with-retry.js";
import { redactUrl } from "./http/redact-secrets.js";
import { resolveApiKey } from "./http/resolve-api-key.js";
import type { ProviderName } from "./provider-names.js";

/** One listed model. */
export interface RemoteModel {
  id: string;
  /** Owner or family, when the server says. */
  ownedBy?: string;
}

/** Options of {@link listRemoteModels}. */
export interface ListRemoteModelsOptions {
  provider: ProviderName;
  /** Server URL (as for `createProvider`); default the provider's. */
  baseUrl?: string;
  apiKey?: string;
  fetch?: FetchFunction;
  /** Time allowed for the request (ms). Default 30 000. */
  timeoutMs?: number;
  environment?: Record<string, string | undefined>;
}

const openAIListSchema = z.object({
  data: z.array(z.looseObject({ id: z.string(), owned_by: z.string().nullable().optional() })),
});
const ollamaListSchema = z.object({ models: z.array(z.looseObject({ name: z.string() })) });
const geminiListSchema = z.object({ models: z.array(z.looseObject({ name: z.string() })) });

function listUrl(provider: ProviderName, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  if (provider === "ollama") return `${base}/api/tags`;
  if (provider === "llama-server") return `${base}/v1/models`;
  return `${base}/models`;
}

/**
 * Fetches the list. Throws `InvalidInputError` naming `baseUrl`/`apiKey` for a missing URL or key,
 * `ApiCallError` when the server cannot be reached or answers an error, and
 * an `InvalidInputError` naming the JSON path for an unexpected body.
 */
export async function listRemoteModels(options: ListRemoteModelsOptions): Promise<RemoteModel[]> {
  const { provider } = options;
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URLS[provider];
  if (baseUrl === undefined) {
    throw new InvalidInputError(
      "baseUrl",
      `the ${provider} provider needs a base URL`,
      "an http(s) URL such as http://127.0.0.1:8000/v1",
    );
  }
  const apiKey = resolveApiKey(provider, options.apiKey, {
    required: provider === "openai" || provider === "gemini",
    ...(options.environment ? { environment: options.environment } : {}),
  });
  const headers: Record<string, string> = { accept: "application/json" };
  if (apiKey !== undefined) {
    if (provider === "gemini") headers["x-goog-api-key"] = apiKey;
    else headers.authorization = `Bearer ${apiKey}`;
  }
  const url = listUrl(provider, baseUrl);
  const shown = redactUrl(url, [apiKey]);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: "GET",
      headers,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new ApiCallError({
      message: `cannot reach ${shown}: ${error instanceof Error ? error.message : String(error)}`,
      url: shown,
      isRetryable: true,
      cause: error,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ApiCallError({
      message: `GET ${shown} answered ${response.status}`,
      url: shown,
      status: response.status,
      bodyExcerpt: text.slice(0, 500),
      isRetryable: response.status >= 500 || response.status === 429,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiCallError({
      message: `GET ${shown} did not answer JSON`,
      url: shown,
      bodyExcerpt: text.slice(0, 500),
      isRetryable: false,
    });
  }
  if (provider === "ollama")
    return parseWithSchema(ollamaListSchema, body).models.map((model) => ({ id: model.name }));
  if (provider === "gemini") {
    return parseWithSchema(geminiListSchema, body).models.map((model) => ({
      id: model.name.replace(/^models\//, ""),
    }));
  }
  return parseWithSchema(openAIListSchema, body).data.map((model) => ({
    id: model.id,
    ...(model.owned_by ? { ownedBy: model.owned_by } : {}),
  }));
}
