/**
 * One log line per request: method, path, status, tokens (prompt+completion) and milliseconds.
 * Never the prompt, the body or any header; the path as sent, escaped ({@link loggablePath}). For a streamed response the line is written when the
 * stream ends, so its time and token counts are complete.
 */
import type { MiddlewareHandler } from "hono";
import type { RequestRecord, ServerEnv } from "./server-state.js";

/**
 * The request's path as a client sent it (percent-encoded), safe to write into a line-based log:
 * every byte outside printable ASCII (newlines, NUL, escape sequences, spaces) is written as
 * `%XX`, so a path can never forge, split or hide a log line. Capped at 2048 characters.
 */
export function loggablePath(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  const escaped = Array.from(new TextEncoder().encode(path), (byte) =>
    byte > 0x20 && byte < 0x7f
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
  ).join("");
  return escaped.length > 2048 ? `${escaped.slice(0, 2048)}...` : escaped;
}

/** Formats one log line; `path` must already be {@link loggablePath}. Exported for tests. */
export function formatLogLine(
  method: string,
  path: string,
  status: number,
  record: RequestRecord,
  milliseconds: number,
): string {
  const tokens = record.usage ? `${record.usage.promptTokens}+${record.usage.completionTokens}` : "-";
  return `${method} ${path} ${status} tokens=${tokens} ${Math.round(milliseconds)}ms`;
}

/** The logging middleware; also creates the per-request {@link RequestRecord}. */
export function requestLog(log: (line: string) => void): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const started = performance.now();
    const record: RequestRecord = { promptParam: null };
    c.set("record", record);
    await next();
    const status = c.res.status;
    const write = () =>
      log(formatLogLine(c.req.method, loggablePath(c.req.url), status, record, performance.now() - started));
    if (record.streamEnded) record.streamEnded.then(write, write);
    else write();
  };
}
