/**
 * Splits a streamed HTTP body into events: Server-Sent Events (OpenAI, vLLM, llama.cpp, Gemini
 * `alt=sse`) or newline-delimited JSON (Ollama). Chunks may split lines, or even UTF-8 characters,
 * anywhere; events are yielded only when complete.
 */
import { ApiCallError, CancelledError } from "../../core/errors.js";
import { DEFAULT_MAX_RESPONSE_BYTES, responseTooLargeError } from "./read-capped-body.js";

/** One Server-Sent Event. */
export interface ServerSentEvent {
  /** The `event:` field, when present. */
  event?: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

/** Options for reading a stream. */
export interface ReadStreamOptions {
  /** URL shown in errors (already redacted). */
  url: string;
  /** Cancels reading with a {@link CancelledError}. */
  signal?: AbortSignal;
  /** Longest silence between two chunks (ms) before the stream fails. Default 120 000. */
  idleTimeoutMs?: number;
  /** Largest stream read, in bytes (so also any one event or line); larger fails. Default 64 MiB. */
  maxBytes?: number;
}

async function* readLines(
  body: ReadableStream<Uint8Array> | null,
  options: ReadStreamOptions,
): AsyncGenerator<string> {
  if (body === null) {
    throw new ApiCallError({
      message: `${options.url}: the response has no body`,
      url: options.url,
      isRetryable: false,
    });
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let received = 0;
  let buffer = "";
  try {
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      const chunk = await readWithTimeout(reader, idleTimeoutMs, options);
      if (chunk.done) break;
      received += chunk.value.byteLength;
      if (received > maxBytes) throw responseTooLargeError(options.url, maxBytes);
      buffer += decoder.decode(chunk.value, { stream: true });
      let newline = buffer.search(/\r\n|\n|\r/);
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        const width = buffer.startsWith("\r\n", newline) ? 2 : 1;
        // A lone "\r" at the end of the buffer may be the first half of "\r\n": wait for more.
        if (width === 1 && buffer[newline] === "\r" && newline === buffer.length - 1) break;
        buffer = buffer.slice(newline + width);
        yield line;
        newline = buffer.search(/\r\n|\n|\r/);
      }
    }
    buffer += decoder.decode();
    if (buffer.length > 0) yield* buffer.split(/\r\n|\n|\r/);
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}

async function readWithTimeout(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleTimeoutMs: number,
  options: ReadStreamOptions,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ApiCallError({
            message: `${options.url}: the stream sent nothing for ${idleTimeoutMs} ms`,
            url: options.url,
            isRetryable: true,
          }),
        ),
      idleTimeoutMs,
    );
    onAbort = () => reject(new CancelledError());
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  const read = reader.read().catch((cause: unknown) => {
    if (options.signal?.aborted) throw new CancelledError();
    // The connection broke mid-stream (undici reports "terminated").
    throw new ApiCallError({
      message: `${options.url}: the connection closed in the middle of the stream (${cause instanceof Error ? cause.message : String(cause)})`,
      url: options.url,
      isRetryable: true,
      cause,
    });
  });
  try {
    return await Promise.race([read, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Yields the events of a `text/event-stream` body (WHATWG HTML "server-sent events" parsing:
 * `data:` lines accumulate until a blank line; comments (`:`) and `id`/`retry` fields are skipped).
 * The `[DONE]` sentinel of OpenAI-style streams is yielded like any other data; callers stop on it.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array> | null,
  options: ReadStreamOptions,
): AsyncGenerator<ServerSentEvent> {
  let data: string[] = [];
  let event: string | undefined;
  for await (const line of readLines(body, options)) {
    if (line === "") {
      if (data.length > 0)
        yield event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") };
      data = [];
      event = undefined;
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
  }
  if (data.length > 0)
    yield event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") };
}

/**
 * Yields each non-blank line of a newline-delimited JSON body, parsed (unvalidated).
 *
 * @throws {ApiCallError} when a line is not JSON
 */
export async function* readJsonLines(
  body: ReadableStream<Uint8Array> | null,
  options: ReadStreamOptions,
): AsyncGenerator<unknown> {
  for await (const line of readLines(body, options)) {
    if (line.trim() === "") continue;
    yield parseStreamJson(line, options.url);
  }
}

/**
 * Parses one streamed JSON payload.
 *
 * @throws {ApiCallError} (not retryable) naming the URL and the first characters of the payload
 */
export function parseStreamJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ApiCallError({
      message: `${url}: a streamed event is not valid JSON`,
      url,
      bodyExcerpt: text.slice(0, 200),
      isRetryable: false,
      cause,
    });
  }
}
