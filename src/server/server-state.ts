/**
 * What every route shares: resolved options, the model registry, the admission queue, the
 * shutdown signal and the set of requests in flight; and the per-request record that the request
 * log reads.
 */
import type { ResolvedAppOptions } from "./app-options.js";
import type { ModelRegistry } from "./model-registry.js";
import type { RequestQueue } from "./request-queue.js";

/** What one request did, for its log line. Routes fill it in; never holds prompt text. */
export interface RequestRecord {
  /** Prompt and completion tokens, when the route ran a model. */
  usage?: { promptTokens: number; completionTokens: number };
  /** The request field holding the prompt, named in context-length errors. */
  promptParam: string | null;
  /** Core field names this route's request spells differently (score: `text` is `input`). */
  fieldRenames?: Record<string, string>;
  /** For streamed responses: settles when the stream has ended (the log line waits for it). */
  streamEnded?: Promise<unknown>;
}

/** Hono environment of the app: the per-request record. */
export type ServerEnv = { Variables: { record: RequestRecord } };

/** Shared server state. */
export interface ServerState {
  readonly options: ResolvedAppOptions;
  readonly registry: ModelRegistry;
  readonly queue: RequestQueue;
  /** Aborts every request still running when the grace period of a shutdown ends. */
  readonly shutdown: AbortController;
  /** True once shutdown began: new work is refused with 503. */
  draining: boolean;
  /** Work holding or waiting for a model slot; each promise settles when that work ends. */
  readonly inflight: Set<Promise<void>>;
}

/** Adds token counts to the record (several choices or prompts add up). */
export function addUsage(record: RequestRecord, promptTokens: number, completionTokens: number): void {
  const usage = record.usage ?? { promptTokens: 0, completionTokens: 0 };
  usage.promptTokens += promptTokens;
  usage.completionTokens += completionTokens;
  record.usage = usage;
}
