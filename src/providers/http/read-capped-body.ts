/**
 * Reading an upstream response body with a size cap, so a misbehaving or hostile server cannot
 * make a provider buffer without bound.
 */
import { ApiCallError } from "../../core/errors.js";

/** Default cap on one upstream response (a JSON body, or a whole stream): 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The error for a body past the cap (not retryable: the same request gets the same answer). */
export function responseTooLargeError(url: string, maxBytes: number): ApiCallError {
  return new ApiCallError({
    message: `${url}: the response is larger than ${maxBytes} bytes (the limit on one upstream response); it was not read further`,
    url,
    isRetryable: false,
  });
}

/**
 * The body as text, reading at most `maxBytes`. With `truncate`, a longer body is cut at the cap
 * (for error excerpts); otherwise it throws {@link responseTooLargeError}. The rest of the body
 * is cancelled either way. Cost: one pass over at most `maxBytes` bytes.
 */
export async function readCappedText(
  response: Response,
  maxBytes: number,
  url: string,
  options: { truncate?: boolean } = {},
): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += chunk.value.byteLength;
      if (received > maxBytes) {
        if (!options.truncate) throw responseTooLargeError(url, maxBytes);
        const room = chunk.value.byteLength - (received - maxBytes);
        text += decoder.decode(chunk.value.subarray(0, room));
        return text;
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
    await response.body.cancel().catch(() => undefined);
  }
}
