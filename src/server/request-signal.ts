/**
 * One AbortSignal per request that fires when the client disconnects, the per-request time limit
 * passes, or the server shuts down. Its `reason` is the matching typed error, so a cancelled
 * generation can be reported for what it was.
 */
import { ClientClosedError, RequestTimeoutError, ShuttingDownError } from "./server-errors.js";

/** A request's combined cancellation signal. */
export interface RequestSignal {
  /** Aborts with a {@link ClientClosedError}, {@link RequestTimeoutError} or {@link ShuttingDownError}. */
  readonly signal: AbortSignal;
  /** Removes the listeners and the timer. */
  dispose(): void;
}

/** Sources of cancellation for {@link createRequestSignal}. */
export interface RequestSignalSources {
  /** The HTTP request's own signal (aborts when the client goes away). */
  client?: AbortSignal;
  /** Time limit in milliseconds; 0 disables it. */
  timeoutMs: number;
  /** The server's shutdown signal. */
  shutdown?: AbortSignal;
}

/** Combines the sources into one signal. Cost: two listeners and at most one timer. */
export function createRequestSignal(sources: RequestSignalSources): RequestSignal {
  const controller = new AbortController();
  const abort = (reason: Error) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onClient = () => abort(new ClientClosedError());
  const onShutdown = () => abort(new ShuttingDownError());
  if (sources.client?.aborted) onClient();
  else sources.client?.addEventListener("abort", onClient, { once: true });
  if (sources.shutdown?.aborted) onShutdown();
  else sources.shutdown?.addEventListener("abort", onShutdown, { once: true });
  const timer =
    sources.timeoutMs > 0
      ? setTimeout(() => abort(new RequestTimeoutError(sources.timeoutMs)), sources.timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      sources.client?.removeEventListener("abort", onClient);
      sources.shutdown?.removeEventListener("abort", onShutdown);
    },
  };
}
