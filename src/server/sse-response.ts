/**
 * Server-Sent Events responses that hold a model slot while they run. Errors after the stream has
 * started cannot change the status any more, so they are sent as one last event in OpenAI's error
 * shape; a client that went away gets nothing. The slot is released and the request's log line
 * written when the stream ends, however it ends.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { type ModelWork, startModelWork } from "./model-work.js";
import { type OpenAIErrorBody, toHttpError } from "./openai-error.js";
import { ClientClosedError } from "./server-errors.js";
import type { ServerEnv, ServerState } from "./server-state.js";

/** Sends one SSE event: `data` (a JSON string) with an optional `event` name. */
export type SendEvent = (data: string, event?: string) => Promise<void>;

/** How a stream reports a failure that happens after it started. */
export interface StreamErrorStyle {
  /** SSE event name of the error event (OpenAI uses none; the web routes use "error"). */
  errorEvent?: string;
  /** The error event's data from OpenAI's error body and the status (default: the body itself). */
  formatError?: (body: OpenAIErrorBody, status: number) => unknown;
}

/** What an SSE response holds and how it reports a failure that happens after it started. */
export interface SseResponseOptions extends StreamErrorStyle {
  /** The model slot the stream holds; finished when the stream ends, however it ends. */
  work: ModelWork;
  /** The server's log; gets one line for a stream error that is the server's own fault (500). */
  log?: (line: string) => void;
}

/**
 * Waits for a model slot for the request in `c` (rejecting as {@link startModelWork} does), then
 * answers with an SSE response that runs `produce` while holding it and logs to the server's log.
 */
export async function streamWithModelWork(
  c: Context<ServerEnv>,
  state: ServerState,
  produce: (send: SendEvent, work: ModelWork) => Promise<void>,
  errorStyle: StreamErrorStyle = {},
): Promise<Response> {
  const work = await startModelWork(c, state);
  return sseResponse(c, { ...errorStyle, work, log: state.options.log }, (send) => produce(send, work));
}

/**
 * Starts an SSE response that runs `produce` while holding `options.work`, then finishes it.
 * Cost: one TransformStream; events are written as they are produced.
 */
export function sseResponse(
  c: Context<ServerEnv>,
  options: SseResponseOptions,
  produce: (send: SendEvent) => Promise<void>,
): Response {
  const { work, log, errorEvent, formatError } = options;
  let markEnded: () => void = () => {};
  c.get("record").streamEnded = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  return streamSSE(c, async (stream) => {
    const send: SendEvent = async (data, event) => {
      if (stream.aborted || stream.closed) return;
      await stream.writeSSE(event ? { data, event } : { data });
    };
    try {
      await produce(send);
    } catch (error) {
      const explained = work.explain(error);
      if (!(explained instanceof ClientClosedError) && !stream.aborted) {
        const translated = toHttpError(explained, c.get("record").promptParam, c.get("record").fieldRenames);
        if (translated.status === 500 && log) log(`stream error: ${String(error)}`);
        const data = formatError ? formatError(translated.body, translated.status) : translated.body;
        await send(JSON.stringify(data), errorEvent).catch(() => {});
      }
    } finally {
      work.finish();
      markEnded();
    }
  });
}
