/**
 * {@link useRequest}: the request lifecycle every panel shares. A new request aborts the one in
 * flight; `running` while it waits; when it ends, its value or its error (an abort is no error).
 * `post` is the common case: one JSON body to a path, the answer shown as `result`.
 */
import { useRef, useState } from "react";
import { postJson } from "../api/client.js";

/** How one request ended. */
export type RequestOutcome<T> =
  | { status: "done"; value: T }
  | { status: "cancelled" }
  | { status: "failed"; error: unknown };

/** State and actions of {@link useRequest}. */
export interface RequestState<T> {
  /** The value of the last request that succeeded. */
  result: T | null;
  error: unknown;
  running: boolean;
  /** Successful requests so far (a key for views that start afresh with each result). */
  runs: number;
  /** Shows an error without a request (a form check), or clears it with null. */
  setError: (error: unknown) => void;
  /** Runs `task` with a fresh abort signal; its value becomes `result`. */
  run: (task: (signal: AbortSignal) => Promise<T>) => Promise<RequestOutcome<T>>;
  /** Posts `body` to `path` as JSON; the answer becomes `result`. */
  post: (path: string, body: Record<string, unknown>) => Promise<RequestOutcome<T>>;
  /** Aborts the request in flight, if any. */
  abort: () => void;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

export function useRequest<T>(): RequestState<T> {
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [runs, setRuns] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const run = async (task: (signal: AbortSignal) => Promise<T>): Promise<RequestOutcome<T>> => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setError(null);
    try {
      const value = await task(abort.signal);
      setResult(value);
      setRuns((count) => count + 1);
      return { status: "done", value };
    } catch (caught) {
      if (isAbort(caught)) return { status: "cancelled" };
      setError(caught);
      return { status: "failed", error: caught };
    } finally {
      // A newer request owns the state once it has started.
      if (controller.current === abort) {
        controller.current = null;
        setRunning(false);
      }
    }
  };
  const post = (path: string, body: Record<string, unknown>) =>
    run((signal) => postJson<T>(path, body, signal));
  const abort = () => controller.current?.abort();
  return { result, error, running, runs, setError, run, post, abort };
}
