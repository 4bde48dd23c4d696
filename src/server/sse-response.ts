/**
 * Server-Sent Events responses that hold a model slot while they run. Errors after the stream has
 * started cannot change the status any more, so they are sent as one last event in OpenAI's error
 * shape; a client that went away gets nothing. The slot is released and the request's log line
 * written when the stream ends, however it ends.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { ModelWork } from "./model-work.js";
import { type OpenAIErrorBody, toHttpError } from "./openai-error.js";
import { ClientClosedError } from "./server-errors.js";
import type { ServerEnv } from "./server-state.js";

/** Sends one SSE event: `data` (a JSON string) with an optional `event` name. */
export type SendEvent = (data: string, event?: string) => Promise<void>;

/** How a stream reports a failure that happens after it started. */
export interface StreamErrorStyle {
  /** SSE event name of the error event (OpenAI uses none; the web routes use "error"). */
  event?: string;
  /** The error event's data from OpenAI's error body (default: the body itself). */
  format?: (body: OpenAIErrorBody) => unknown;
}

/**
 * Starts an SSE response that runs `produce` while holding `work`, then finishes it.
 * Cost: one TransformStream; events are written as they are produced.
 */
export function sseResponse(
  c: Context<ServerEnv>,
  work: ModelWork,
  produce: (send: SendEvent) => Promise<void>,
  style: StreamErrorStyle = {},
  log?: (line: string) => void,
): Response {
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
        const data = style.format ? style.format(translated.body) : translated.body;
        await send(JSON.stringify(data), style.event).catch(() => {});
      }
    } finally {
      work.finish();
      markEnded();
    }
  });
}
