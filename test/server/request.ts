/** Small helpers for `app.request()` tests of the server. */
import type { Hono } from "hono";

/** POSTs `body` as JSON to `path` on `app` (no port). */
export function postJson(
  app: Pick<Hono, "request">,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
    }),
  );
}

/** The JSON `data:` payloads of an SSE body, without the final `[DONE]`. */
export function sseData(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)));
}
