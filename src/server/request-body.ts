/**
 * Reading a request body: the size limit (413), and a client that closes the connection before
 * its upload is complete. Node reports that as an `aborted` (ECONNRESET) error from the body
 * stream; it is the client's doing, so it becomes {@link ClientClosedError} (499, not logged as a
 * server error) wherever the body is read: here for a body of known length, in the size limit
 * for a chunked one.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ClientClosedError, RequestTooLargeError } from "./server-errors.js";

/** True when `error` (from reading the body of `c`) means the client went away mid-upload. */
export function isUploadAborted(c: Context, error: unknown): boolean {
  if (c.req.raw.signal.aborted) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || error.message === "aborted";
}

/** The body as text; throws {@link ClientClosedError} when the client aborted the upload. */
export async function readBodyText(c: Context): Promise<string> {
  try {
    return await c.req.text();
  } catch (error) {
    if (isUploadAborted(c, error)) throw new ClientClosedError();
    throw error;
  }
}

/**
 * Hono's body limit (413 via {@link RequestTooLargeError} past `maxBytes`, chunked bodies
 * included), with an aborted chunked upload reported as {@link ClientClosedError}.
 */
export function limitRequestBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new RequestTooLargeError(maxBytes);
    },
  });
  return async (c, next) => {
    try {
      await limit(c, next);
    } catch (error) {
      if (!(error instanceof RequestTooLargeError) && isUploadAborted(c, error))
        throw new ClientClosedError();
      throw error;
    }
  };
}
