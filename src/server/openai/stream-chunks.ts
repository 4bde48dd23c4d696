/**
 * The chunks that streamed legacy completions and chat completions share: every chunk repeats
 * the answer's id, object type, creation time and model; with `stream_options.include_usage`
 * every choice chunk carries `usage: null` and a last chunk with no choices carries the usage;
 * then `[DONE]`.
 */
import type { SendEvent } from "../sse-response.js";
import { nowSeconds, responseId } from "./response-ids.js";

/** Response-level fields repeated in every chunk. */
export interface ChunkMeta {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

/**
 * The response-level fields of one completions or chat answer: a fresh id with OpenAI's `prefix`
 * (`cmpl`, `chatcmpl`), the time now, the model, and whether a streamed answer ends with a usage
 * chunk (`stream_options.include_usage`).
 */
export function chunkMeta(
  prefix: string,
  model: string,
  streamOptions: { include_usage?: boolean | null | undefined } | null | undefined,
): ChunkMeta {
  return {
    id: responseId(prefix),
    created: nowSeconds(),
    model,
    includeUsage: streamOptions?.include_usage === true,
  };
}

/** Writes the chunks of one streamed answer. */
export interface ChunkWriter {
  /** Sends one chunk holding `choice`. */
  choice(choice: object): Promise<void>;
  /** Sends the usage chunk (when the request asked for one), then `[DONE]`. */
  end(usage: unknown): Promise<void>;
}

/** A {@link ChunkWriter} for chunks of type `object` (`text_completion`, `chat.completion.chunk`). */
export function chunkWriter(send: SendEvent, meta: ChunkMeta, object: string): ChunkWriter {
  const chunk = (choices: object[], usage: object) =>
    send(
      JSON.stringify({ id: meta.id, object, created: meta.created, model: meta.model, choices, ...usage }),
    );
  return {
    choice: (choice) => chunk([choice], meta.includeUsage ? { usage: null } : {}),
    async end(usage) {
      if (meta.includeUsage) await chunk([], { usage });
      await send("[DONE]");
    },
  };
}
