/**
 * Requests with a body must declare a JSON content type (`application/json` or `...+json`). The
 * content types a web page may send to another site without asking first (CORS "simple
 * requests": `text/plain`, forms, or none at all) are refused, so no page the user visits can
 * make this server generate. `POST /v1/analyze` also takes the non-JSON inputs it parses
 * (`application/x-ndjson`, `application/jsonl`, `text/event-stream`), none of which is simple.
 */
import type { MiddlewareHandler } from "hono";
import { UnsupportedContentTypeError } from "./server-errors.js";

const jsonTypes = ["application/json", "+json"];
/** Content types allowed for analyze inputs besides JSON. */
export const analyzeTextTypes = ["application/x-ndjson", "application/jsonl", "text/event-stream"] as const;

const methodsWithBody = new Set(["POST", "PUT", "PATCH"]);

/** The media type of a Content-Type header: lower case, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function isJson(type: string): boolean {
  return type === jsonTypes[0] || type.endsWith(jsonTypes[1] as string);
}

/**
 * The middleware. `extraTypesByPath` adds media types for exact paths (analyze's text formats).
 * Throws {@link UnsupportedContentTypeError} naming the types accepted.
 */
export function requireJsonContentType(
  extraTypesByPath: Readonly<Record<string, readonly string[]>> = { "/v1/analyze": analyzeTextTypes },
): MiddlewareHandler {
  return async (c, next) => {
    if (methodsWithBody.has(c.req.method)) {
      const type = mediaType(c.req.header("content-type"));
      const extra = extraTypesByPath[c.req.path] ?? [];
      if (!isJson(type) && !extra.includes(type)) {
        throw new UnsupportedContentTypeError(type, ["application/json", ...extra]);
      }
    }
    await next();
  };
}
