/**
 * Bearer-key authentication for the API routes. The comparison takes the same time whatever the
 * key's content, so the key cannot be guessed byte by byte from response times.
 */
import type { MiddlewareHandler } from "hono";
import { AuthenticationError } from "./server-errors.js";

const encoder = new TextEncoder();

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index++) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}

/** Requires `Authorization: Bearer <apiKey>`; throws {@link AuthenticationError} otherwise. */
export function bearerAuth(apiKey: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) {
      throw new AuthenticationError(
        "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (the key given to logprobe serve with --api-key or LOGPROBE_API_KEY)",
      );
    }
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match?.[1] || !constantTimeEqual(match[1].trim(), apiKey)) {
      throw new AuthenticationError("Incorrect API key provided");
    }
    await next();
  };
}
