/**
 * logprobe/providers: remote backends (OpenAI, OpenAI-compatible servers such as vLLM, llama.cpp
 * server, Ollama, Gemini) behind the same {@link LogprobModel} interface as the embedded engine.
 */
export * from "./batch/index.js";
export { type CacheableRequest, canonicalJson, requestCacheKey } from "./cache/request-cache-key.js";
export {
  type CacheStats,
  defaultCachePath,
  type ResponseCache,
  SqliteResponseCache,
} from "./cache/response-cache.js";
export {
  type CreateProviderOptions,
  createProvider,
  DEFAULT_BASE_URLS,
  type ProviderName,
  providerNames,
} from "./create-provider.js";
export { GeminiProvider, type GeminiSettings } from "./gemini/gemini-provider.js";
export {
  type FetchFunction,
  type HttpSettings,
  type PostRequest,
  postJsonWithRetry,
  postWithRetry,
} from "./http/post-json-with-retry.js";
export { redactSecrets, redactUrl } from "./http/redact-secrets.js";
export { API_KEY_ENVIRONMENT_VARIABLES, resolveApiKey } from "./http/resolve-api-key.js";
export { type ListRemoteModelsOptions, listRemoteModels, type RemoteModel } from "./list-remote-models.js";
export { LlamaServerProvider, type LlamaServerSettings } from "./llama-server/llama-server-provider.js";
export { OllamaProvider, type OllamaSettings } from "./ollama/ollama-provider.js";
export { type OpenAIApi, OpenAIProvider, type OpenAISettings } from "./openai/openai-provider.js";
export type { ScoreMethod } from "./openai-compatible/convert-to-completion-request.js";
export {
  OpenAICompatibleProvider,
  type OpenAICompatibleSettings,
} from "./openai-compatible/openai-compatible-provider.js";
export { type ProviderConnection, ProviderTransport } from "./shared/provider-transport.js";
