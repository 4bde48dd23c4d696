/**
 * {@link usePostJson}: the request lifecycle of a panel that posts one JSON body and shows the
 * answer — a new request aborts the one in flight, `running` while it waits, the answer or the
 * error (an abort is no error) when it ends.
 */
import { useRef, useState } from "react";
import { postJson } from "../api/client.js";

/** State and actions of {@link usePostJson}. */
export interface PostJsonState<T> {
  result: T | null;
  error: unknown;
  running: boolean;
  /** Shows an error without a request (a form check), or clears it with null. */
  setError: (error: unknown) => void;
  /** Posts `body` to `path`; the answer becomes `result`. */
  post: (path: string, body: Record<string, unknown>) => Promise<void>;
}

export function usePostJson<T>(): PostJsonState<T> {
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const post = async (path: string, body: Record<string, unknown>) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setError(null);
    try {
      setResult(await postJson<T>(path, body, abort.signal));
    } catch (caught) {
      if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
    } finally {
      setRunning(false);
    }
  };
  return { result, error, running, setError, post };
}
