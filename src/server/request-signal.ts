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

/** Callbacks per shared shutdown signal, so that it carries one listener however many requests run. */
const shutdownWatchers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` when `signal` aborts; returns the function that stops watching. */
function watchShared(signal: AbortSignal, callback: () => void): () => void {
  let watchers = shutdownWatchers.get(signal);
  if (!watchers) {
    const created = new Set<() => void>();
    watchers = created;
    shutdownWatchers.set(signal, created);
    signal.addEventListener(
      "abort",
      () => {
        for (const watcher of [...created]) watcher();
        created.clear();
      },
      { once: true },
    );
  }
  watchers.add(callback);
  const registered = watchers;
  return () => registered.delete(callback);
}

/**
 * Combines the sources into one signal. Cost: one listener on the request's own signal, one entry
 * in the shared shutdown signal's set (one listener there for every request together, so any
 * number of concurrent requests stays under Node's 10-listener warning), and at most one timer.
 */
export function createRequestSignal(sources: RequestSignalSources): RequestSignal {
  const controller = new AbortController();
  const abort = (reason: Error) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onClient = () => abort(new ClientClosedError());
  const onShutdown = () => abort(new ShuttingDownError());
  if (sources.client?.aborted) onClient();
  else sources.client?.addEventListener("abort", onClient, { once: true });
  let unwatchShutdown: () => void = () => {};
  if (sources.shutdown?.aborted) onShutdown();
  else if (sources.shutdown) unwatchShutdown = watchShared(sources.shutdown, onShutdown);
  const timer =
    sources.timeoutMs > 0
      ? setTimeout(() => abort(new RequestTimeoutError(sources.timeoutMs)), sources.timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      sources.client?.removeEventListener("abort", onClient);
      unwatchShutdown();
    },
  };
}
