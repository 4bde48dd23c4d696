/**
 * Admission of one unit of model work: refuses new work while shutting down, combines the
 * request's cancellation sources, waits for a slot in the bounded queue (429 when full) and
 * registers the work as in flight until `finish()`. Routes that answer once the model is done use
 * {@link withModelWork}; streamed answers use `streamWithModelWork` (sse-response.ts), which finishes
 * the work when the stream ends.
 */
import type { Context } from "hono";
import { CancelledError } from "../core/errors.js";
import { createRequestSignal } from "./request-signal.js";
import { ShuttingDownError } from "./server-errors.js";
import type { ServerEnv, ServerState } from "./server-state.js";

/** A slot held for one request. */
export interface ModelWork {
  /** Pass to the model: aborts on disconnect, timeout or shutdown. */
  readonly signal: AbortSignal;
  /** Releases the slot and the listeners; safe to call more than once. */
  finish(): void;
  /**
   * The error to report for `error`: when the request's signal fired, its typed reason (timeout,
   * shutdown, client gone) instead of the model's generic cancellation.
   */
  explain(error: unknown): unknown;
  /** Throws the signal's reason when the signal fired (a model may return "cancelled" instead of throwing). */
  throwIfCancelled(): void;
  /**
   * Runs `task` (which passes `signal` to the model) and returns its value; throws the signal's
   * reason when the signal fired meanwhile. On failure it finishes the work and throws
   * `explain(error)`; on success the caller still holds the slot and must finish it.
   */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * Runs `task` while holding a model slot for the request in `c`, then releases the slot however
 * the task ended. Rejects as {@link startModelWork} does while waiting, then as {@link ModelWork.run}.
 */
export async function withModelWork<T>(
  c: Context<ServerEnv>,
  state: ServerState,
  task: (work: ModelWork) => Promise<T>,
): Promise<T> {
  const work = await startModelWork(c, state);
  try {
    return await work.run(() => task(work));
  } finally {
    work.finish();
  }
}

/**
 * Waits for a model slot for the request in `c`. Rejects with {@link ShuttingDownError} while the
 * server drains, with `QueueFullError` when the queue is full, and with the signal's reason when
 * the request is cancelled while waiting. The caller must call `finish()`.
 */
export async function startModelWork(c: Context<ServerEnv>, state: ServerState): Promise<ModelWork> {
  if (state.draining) throw new ShuttingDownError();
  const requestSignal = createRequestSignal({
    client: c.req.raw.signal,
    timeoutMs: state.options.requestTimeoutMs,
    shutdown: state.shutdown.signal,
  });
  let settle: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  state.inflight.add(done);
  let release: (() => void) | undefined;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    release?.();
    requestSignal.dispose();
    state.inflight.delete(done);
    settle();
  };
  try {
    release = await state.queue.acquire(requestSignal.signal);
  } catch (error) {
    finish();
    throw error;
  }
  const signal = requestSignal.signal;
  const explain = (error: unknown): unknown => {
    if (
      signal.aborted &&
      (error instanceof CancelledError || error === signal.reason || isAbortError(error))
    ) {
      return signal.reason;
    }
    return error;
  };
  const throwIfCancelled = () => {
    if (signal.aborted) throw signal.reason;
  };
  return {
    signal,
    finish,
    explain,
    throwIfCancelled,
    async run(task) {
      try {
        const value = await task();
        throwIfCancelled();
        return value;
      } catch (error) {
        const explained = explain(error);
        finish();
        throw explained;
      }
    },
  };
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
