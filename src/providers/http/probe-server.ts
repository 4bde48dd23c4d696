/**
 * Whether a server answers at all: GET `/health` at its origin (llama-server, vLLM, SGLang and
 * `logprobe serve` have one), and when that is 404, GET `{baseUrl}/models` (any OpenAI-compatible
 * server). Any status below 500 means it is alive (a 401 too: it answered); a network error, a
 * timeout or a 5xx (e.g. 503 while a model loads) means not yet.
 */
import type { FetchFunction } from "./post-json-with-retry.js";

/** Options of {@link probeServer}. */
export interface ProbeOptions {
  /** Time allowed per GET (ms). Default 2 000. */
  timeoutMs?: number;
  fetch?: FetchFunction;
  /** Aborts the probe (then it resolves false). */
  signal?: AbortSignal;
}

/** See the module comment. Never throws. */
export async function probeServer(baseUrl: string, options: ProbeOptions = {}): Promise<boolean> {
  const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const get = async (url: string): Promise<number | undefined> => {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 2000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const response = await fetchFunction(url, { method: "GET", signal });
      await response.body?.cancel().catch(() => undefined);
      return response.status;
    } catch {
      return undefined;
    }
  };
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    return false;
  }
  const health = await get(`${origin}/health`);
  if (health === undefined) return false;
  if (health !== 404) return health < 500;
  const models = await get(`${baseUrl.replace(/\/+$/, "")}/models`);
  return models !== undefined && models < 500;
}
