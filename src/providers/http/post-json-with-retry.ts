/**
 * The one HTTP path of every provider: POST JSON with an injectable `fetch`, retries with backoff on
 * 408/409/429/5xx and network errors (honouring `Retry-After`), a timeout through AbortSignal, and
 * {@link ApiCallError}s that never contain a key.
 */
import { ApiCallError, CancelledError } from "../../core/errors.js";
import { DEFAULT_MAX_RESPONSE_BYTES, readCappedText } from "./read-capped-body.js";
import { redactSecrets, redactUrl } from "./redact-secrets.js";
import { type BackoffOptions, backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry-delay.js";

/** The `fetch` signature providers accept (the global one, or a test double). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Transport settings shared by every call of one provider. */
export interface HttpSettings {
  /** `fetch` to use; default the global one. Tests inject a replay function. */
  fetch?: FetchFunction;
  /** Retries after the first attempt (0 = no retry). Default 2. */
  maxRetries?: number;
  /** Time allowed for one attempt until the response is read (ms). Default 120 000. */
  timeoutMs?: number;
  /** Keys in use; redacted from every message and body excerpt. */
  secrets?: readonly (string | undefined)[];
  /** Backoff between attempts. */
  backoff?: BackoffOptions;
  /** Longest `Retry-After` honoured (ms); a longer one fails at once. Default 60 000. */
  maxRetryAfterMs?: number;
  /**
   * Largest upstream response read, in bytes: a JSON body, or a whole stream (and so any one
   * event of it); larger fails with a non-retryable ApiCallError. Default 64 MiB.
   */
  maxResponseBytes?: number;
  /** Waits between attempts; injectable so tests need not sleep. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

/** One POST request. */
export interface PostRequest {
  url: string;
  headers?: Record<string, string>;
  /** Serialised with JSON.stringify. */
  body: unknown;
  /** Cancels the call (and any wait between attempts) with a {@link CancelledError}. */
  signal?: AbortSignal;
}

/** Characters of a response body kept in {@link ApiCallError.bodyExcerpt}. */
export const BODY_EXCERPT_LENGTH = 500;

/** Waits `milliseconds`; rejects with a {@link CancelledError} as soon as `signal` aborts. */
export const defaultSleep = (milliseconds: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** The message a JSON error body carries (OpenAI/Gemini `error.message`, Ollama/llama.cpp `error`). */
function errorMessageOf(bodyText: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    const error = record.error;
    if (typeof error === "string") return error;
    if (typeof error === "object" && error !== null) {
      const message = (error as Record<string, unknown>).message;
      if (typeof message === "string") return message;
    }
    if (typeof record.message === "string") return record.message;
  } catch {
    // not JSON
  }
  return undefined;
}

interface AttemptFailure {
  error: ApiCallError;
  /** Wait the server asked for, when it said so. */
  retryAfterMs?: number;
}

/**
 * POSTs JSON and returns the successful (2xx) response with its body unread, for streaming.
 * The timeout covers the attempt until the response headers arrive.
 *
 * @throws {ApiCallError} on a non-2xx status, a network error or a timeout, after the retries
 * @throws {CancelledError} when `request.signal` aborts
 */
export async function postWithRetry(request: PostRequest, settings: HttpSettings = {}): Promise<Response> {
  return withRetry(request, settings, async (response) => response, false);
}

/**
 * POSTs JSON and returns the parsed JSON body of the successful response. The timeout covers the
 * whole attempt, body included. The value is unvalidated: callers parse it with a zod schema.
 *
 * @throws {ApiCallError} on a non-2xx status, a body that is not JSON, a network error or a timeout
 * @throws {CancelledError} when `request.signal` aborts
 */
export async function postJsonWithRetry(request: PostRequest, settings: HttpSettings = {}): Promise<unknown> {
  const secrets = settings.secrets ?? [];
  const shownUrl = redactUrl(request.url, secrets);
  return withRetry(
    request,
    settings,
    async (response) => {
      const text = await readCappedText(
        response,
        settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        `POST ${shownUrl}`,
      );
      try {
        return JSON.parse(text) as unknown;
      } catch (cause) {
        throw new ApiCallError({
          message: `POST ${shownUrl}: the response is not valid JSON`,
          url: shownUrl,
          status: response.status,
          bodyExcerpt: redactSecrets(text.slice(0, BODY_EXCERPT_LENGTH), secrets),
          isRetryable: false,
          cause,
        });
      }
    },
    true,
  );
}

async function withRetry<T>(
  request: PostRequest,
  settings: HttpSettings,
  read: (response: Response) => Promise<T>,
  timeoutCoversBody: boolean,
): Promise<T> {
  const fetchFunction: FetchFunction = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxRetries = settings.maxRetries ?? 2;
  const timeoutMs = settings.timeoutMs ?? 120_000;
  const maxRetryAfterMs = settings.maxRetryAfterMs ?? 60_000;
  const sleep = settings.sleep ?? defaultSleep;
  const secrets = settings.secrets ?? [];
  const shownUrl = redactUrl(request.url, secrets);
  const body = JSON.stringify(request.body);
  const headers = { "content-type": "application/json", ...request.headers };

  for (let attempt = 0; ; attempt++) {
    if (request.signal?.aborted) throw new CancelledError();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    let failure: AttemptFailure;
    try {
      const response = await fetchFunction(request.url, { method: "POST", headers, body, signal });
      if (response.ok) {
        if (!timeoutCoversBody) clearTimeout(timer);
        return await read(response);
      }
      // Only an excerpt and the error message are used: read at most 64 KiB of an error body.
      const text = await readCappedText(response, 64 * 1024, shownUrl, { truncate: true }).catch(() => "");
      const excerpt = redactSecrets(text.slice(0, BODY_EXCERPT_LENGTH), secrets);
      const detail = errorMessageOf(text);
      const retryAfterMs = parseRetryAfter(response.headers);
      failure = {
        error: new ApiCallError({
          message: redactSecrets(
            `POST ${shownUrl} failed with status ${response.status}${detail ? `: ${detail}` : ""}`,
            secrets,
          ),
          url: shownUrl,
          status: response.status,
          bodyExcerpt: excerpt,
          isRetryable: isRetryableStatus(response.status),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        }),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    } catch (error) {
      if (error instanceof ApiCallError) throw error;
      if (request.signal?.aborted) throw new CancelledError();
      const timedOut = timeout.signal.aborted;
      const reason = timedOut
        ? `timed out after ${timeoutMs} ms`
        : `network error: ${error instanceof Error ? error.message : String(error)}`;
      failure = {
        error: new ApiCallError({
          message: redactSecrets(`POST ${shownUrl} ${reason}`, secrets),
          url: shownUrl,
          isRetryable: true,
          cause: error,
        }),
      };
    } finally {
      clearTimeout(timer);
    }

    const { error, retryAfterMs } = failure;
    if (!error.isRetryable || attempt >= maxRetries) {
      if (attempt > 0) {
        throw new ApiCallError({
          message: `${error.message} (after ${attempt + 1} attempts)`,
          url: error.url,
          ...(error.status !== undefined ? { status: error.status } : {}),
          ...(error.bodyExcerpt !== undefined ? { bodyExcerpt: error.bodyExcerpt } : {}),
          isRetryable: error.isRetryable,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          cause: error.cause,
        });
      }
      throw error;
    }
    if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
      throw new ApiCallError({
        message: `${error.message} (the server asks to wait ${Math.ceil(retryAfterMs / 1000)} s, more than the ${maxRetryAfterMs / 1000} s allowed)`,
        url: error.url,
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.bodyExcerpt !== undefined ? { bodyExcerpt: error.bodyExcerpt } : {}),
        isRetryable: true,
      });
    }
    await sleep(retryAfterMs ?? backoffDelay(attempt, settings.backoff), request.signal);
  }
}
