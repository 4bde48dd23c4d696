/**
 * Ollama's streamed answers: newline-delimited JSON (`application/x-ndjson`), one object per line,
 * written while holding a model slot. A failure after the stream started is sent as one last line
 * in Ollama's error shape, `{"error": "..."}` (as Ollama's server does); a client that went away
 * gets nothing. The slot is released and the log line written when the stream ends.
 */
import type { Context } from "hono";
import { stream } from "hono/streaming";
import { type ModelWork, startModelWork } from "../model-work.js";
import { toHttpError } from "../openai-error.js";
import { ClientClosedError } from "../server-errors.js";
import type { ServerEnv, ServerState } from "../server-state.js";
import { ollamaErrorBody } from "./ollama-error.js";

/** Writes one object as a line. */
export type SendLine = (value: unknown) => Promise<void>;

/**
 * Waits for a model slot (rejecting as `startModelWork` does, before any byte is sent), then
 * answers with an NDJSON stream that runs `produce`. Cost: one line per call of `send`.
 */
export async function ndjsonWithModelWork(
  c: Context<ServerEnv>,
  state: ServerState,
  produce: (send: SendLine, work: ModelWork) => Promise<void>,
): Promise<Response> {
  const work = await startModelWork(c, state);
  let markEnded: () => void = () => {};
  c.get("record").streamEnded = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  c.header("Content-Type", "application/x-ndjson");
  return stream(c, async (output) => {
    const send: SendLine = async (value) => {
      if (output.aborted || output.closed) return;
      await output.write(`${JSON.stringify(value)}\n`);
    };
    try {
      await produce(send, work);
    } catch (error) {
      const explained = work.explain(error);
      if (!(explained instanceof ClientClosedError) && !output.aborted) {
        const translated = toHttpError(explained, c.get("record").promptParam);
        if (translated.status === 500) state.options.log(`stream error: ${String(error)}`);
        await send(ollamaErrorBody(translated.body)).catch(() => {});
      }
    } finally {
      work.finish();
      markEnded();
    }
  });
}
