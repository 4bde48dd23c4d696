/**
 * How long to wait before retrying a failed HTTP call: exponential backoff with jitter, or the
 * server's own `Retry-After` / `retry-after-ms` answer.
 */

/** Statuses worth retrying: request timeout, conflict, rate limit, and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Milliseconds the server asks us to wait, from `retry-after-ms` (milliseconds, OpenAI) or
 * `Retry-After` (delta-seconds or an HTTP date, RFC 9110 section 10.2.3). Returns undefined when
 * neither header is present or parseable; negative waits become 0.
 *
 * @param headers response headers
 * @param now current time in ms since the epoch (for HTTP-date values)
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) {
    return Math.max(0, Number.parseFloat(milliseconds));
  }
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number.parseFloat(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Backoff settings. */
export interface BackoffOptions {
  /** Delay before the first retry (ms). Default 500. */
  initialDelayMs?: number;
  /** Largest delay between attempts (ms). Default 20 000. */
  maxDelayMs?: number;
  /** Random source in [0, 1) for jitter; injectable for tests. Default Math.random. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0-based): `min(max, initial * 2^attempt)` scaled by a
 * jitter factor in [0.5, 1] ("equal jitter"), so concurrent clients do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 20_000;
  const random = options.random ?? Math.random;
  const base = Math.min(max, initial * 2 ** attempt);
  return base * (0.5 + 0.5 * random());
}
