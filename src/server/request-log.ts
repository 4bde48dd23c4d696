/**
 * One log line per request: method, path, status, tokens (prompt+completion) and milliseconds.
 * Never the prompt, the body or any header. For a streamed response the line is written when the
 * stream ends, so its time and token counts are complete.
 */
import type { MiddlewareHandler } from "hono";
import type { RequestRecord, ServerEnv } from "./server-state.js";

/** Formats one log line. Exported for tests. */
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
      log(formatLogLine(c.req.method, c.req.path, status, record, performance.now() - started));
    if (record.streamEnded) record.streamEnded.then(write, write);
    else write();
  };
}
