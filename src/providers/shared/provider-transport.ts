/**
 * One provider's connection: base URL, headers (with the key), retry settings and the optional
 * response cache. Every provider class sends its requests through one of these.
 */
import { ApiCallError } from "../../core/errors.js";
import { requestCacheKey } from "../cache/request-cache-key.js";
import type { ResponseCache } from "../cache/response-cache.js";
import { type HttpSettings, postJsonWithRetry, postWithRetry } from "../http/post-json-with-retry.js";
import { parseStreamJson, readJsonLines, readServerSentEvents } from "../http/read-event-stream.js";
import { redactSecrets, redactUrl } from "../http/redact-secrets.js";
import { parseProviderResponse } from "./parse-provider-response.js";
import type { FinalPayloadTest } from "./stream-finished.js";

/** Everything a transport needs. */
export interface ProviderConnection {
  /** Provider name, part of the cache key. */
  provider: string;
  /** Base URL without a trailing slash, e.g. "https://api.openai.com/v1". */
  baseUrl: string;
  /** Model name, part of the cache key. */
  model: string;
  /** Headers sent with every request (authorization lives here, never in the cache key). */
  headers: Record<string, string>;
  /** Retry, timeout and fetch settings; `secrets` should list the key. */
  http: HttpSettings;
  /** Response cache; absent = no caching. */
  cache?: ResponseCache;
  /** Close the cache in {@link ProviderTransport.close} (the provider opened it). */
  ownsCache?: boolean;
}

/** Sends JSON requests for one provider, through the cache when there is one. */
export class ProviderTransport {
  readonly connection: ProviderConnection;

  constructor(connection: ProviderConnection) {
    this.connection = { ...connection, baseUrl: connection.baseUrl.replace(/\/+$/, "") };
  }

  /** Releases what the transport owns (its response cache). Idempotent. */
  close(): void {
    if (this.connection.ownsCache) this.connection.cache?.close();
  }

  /** Full URL of an endpoint path ("/chat/completions"). */
  url(path: string): string {
    return `${this.connection.baseUrl}${path}`;
  }

  /** The URL with any key removed, for messages. */
  shownUrl(path: string): string {
    return redactUrl(this.url(path), this.connection.http.secrets ?? []);
  }

  /**
   * Runs `map` on a response of `path`: a malformed response (the wire parsers' InvalidInputError)
   * becomes a non-retryable ApiCallError naming this endpoint's URL and the JSON path.
   */
  mapResponse<T>(path: string, map: () => T): T {
    return parseProviderResponse(this.shownUrl(path), map);
  }

  /**
   * POSTs `body` to `path` and returns `map` of the parsed JSON response, from the cache when it
   * holds the same request. A response is cached only once `map` accepted it, so a malformed
   * answer is never replayed.
   *
   * @param map validates and converts the response (default: the raw JSON); its InvalidInputError
   *   becomes an ApiCallError (see {@link mapResponse})
   */
  async postJson<T = unknown>(
    path: string,
    body: unknown,
    signal?: AbortSignal,
    map: (value: unknown) => T = (value) => value as T,
  ): Promise<T> {
    const { cache, provider, baseUrl, model } = this.connection;
    const key = cache ? requestCacheKey({ provider, baseUrl, model, path, body }) : undefined;
    if (cache && key) {
      const hit = cache.get(key);
      if (hit !== undefined) return this.mapResponse(path, () => map(hit));
    }
    const value = await postJsonWithRetry(
      { url: this.url(path), headers: this.connection.headers, body, ...(signal ? { signal } : {}) },
      this.connection.http,
    );
    const result = this.mapResponse(path, () => map(value));
    if (cache && key) cache.set(key, value, { provider, model });
    return result;
  }

  /**
   * POSTs `body` and yields `map` of each streamed JSON payload: SSE `data:` events (stopping at
   * `[DONE]`) or NDJSON lines. A payload that is only an `{error}` object becomes an ApiCallError,
   * and so does a payload `map` rejects (see {@link mapResponse}).
   * A stream is finished at SSE `[DONE]` or at a payload that `isFinal` accepts (the protocol's
   * last chunk); one that closes before either was cut, and throws ApiCallError. With a cache,
   * a finished stream is stored as its list of payloads (marked `complete`) and replayed for the
   * same request; a cut, cancelled or failed stream is never stored, and an entry without the
   * mark is not replayed.
   */
  async *postStream<T = unknown>(
    path: string,
    body: unknown,
    format: "sse" | "ndjson",
    signal: AbortSignal | undefined,
    isFinal: FinalPayloadTest,
    map: (payload: unknown) => T = (payload) => payload as T,
  ): AsyncGenerator<T> {
    const { cache, provider, baseUrl, model } = this.connection;
    const key = cache ? requestCacheKey({ provider, baseUrl, model, path, body }) : undefined;
    if (cache && key) {
      const hit = cache.get(key) as { streamed?: unknown; complete?: unknown };
      if (hit && Array.isArray(hit.streamed) && hit.complete === true) {
        for (const payload of hit.streamed) yield this.mapResponse(path, () => map(payload));
        return;
      }
    }
    const recorded: unknown[] = [];
    const progress = { finished: false };
    for await (const payload of this.fetchStream(path, body, format, signal, progress)) {
      if (isFinal(payload)) progress.finished = true;
      if (cache) recorded.push(payload);
      yield this.mapResponse(path, () => map(payload));
    }
    if (signal?.aborted) return;
    if (!progress.finished) {
      const url = this.shownUrl(path);
      throw new ApiCallError({
        message: `${url}: the stream ended before the server said it finished (no finish reason${format === "sse" ? ", no [DONE]" : ""}); the answer may be cut, so it is reported as an error and not cached`,
        url,
        isRetryable: false,
      });
    }
    if (cache && key) cache.set(key, { streamed: recorded, complete: true }, { provider, model });
  }

  private async *fetchStream(
    path: string,
    body: unknown,
    format: "sse" | "ndjson",
    signal: AbortSignal | undefined,
    progress: { finished: boolean },
  ): AsyncGenerator<unknown> {
    const url = this.shownUrl(path);
    const response = await postWithRetry(
      { url: this.url(path), headers: this.connection.headers, body, ...(signal ? { signal } : {}) },
      this.connection.http,
    );
    const options = {
      url,
      ...(signal ? { signal } : {}),
      ...(this.connection.http.timeoutMs !== undefined
        ? { idleTimeoutMs: this.connection.http.timeoutMs }
        : {}),
      ...(this.connection.http.maxResponseBytes !== undefined
        ? { maxBytes: this.connection.http.maxResponseBytes }
        : {}),
    };
    const payloads =
      format === "sse"
        ? this.sseJson(readServerSentEvents(response.body, options), url, progress)
        : readJsonLines(response.body, options);
    for await (const payload of payloads) {
      this.throwIfError(payload, url);
      yield payload;
    }
  }

  private async *sseJson(
    events: AsyncIterable<{ event?: string; data: string }>,
    url: string,
    progress: { finished: boolean },
  ): AsyncGenerator<unknown> {
    for await (const event of events) {
      if (event.data.trim() === "[DONE]") {
        progress.finished = true;
        return;
      }
      yield parseStreamJson(event.data, url);
    }
  }

  private throwIfError(payload: unknown, url: string): void {
    if (typeof payload !== "object" || payload === null || !("error" in payload)) return;
    const record = payload as Record<string, unknown>;
    if (record.error === null || record.error === undefined || "choices" in record) return;
    const error = record.error;
    const detail =
      typeof error === "string"
        ? error
        : typeof error === "object" &&
            error !== null &&
            typeof (error as { message?: unknown }).message === "string"
          ? (error as { message: string }).message
          : JSON.stringify(error);
    const secrets = this.connection.http.secrets ?? [];
    throw new ApiCallError({
      message: redactSecrets(`${url}: the stream reported an error: ${detail}`, secrets),
      url,
      bodyExcerpt: redactSecrets(JSON.stringify(payload).slice(0, 500), secrets),
      isRetryable: false,
    });
  }
}
