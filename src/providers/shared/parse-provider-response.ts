/**
 * Turns a malformed vendor response into an {@link ApiCallError}: the wire parsers throw
 * `InvalidInputError` naming the JSON path; for a provider that is a failure of the remote API.
 */
import { ApiCallError, InvalidInputError } from "../../core/errors.js";

/**
 * Runs `parse`; an `InvalidInputError` becomes a non-retryable {@link ApiCallError} whose message
 * names the URL and the JSON path of the first problem.
 */
export function parseProviderResponse<T>(url: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new ApiCallError({
        message: `unexpected response from ${url}: ${error.field}: ${error.message}`,
        url,
        isRetryable: false,
        cause: error,
      });
    }
    throw error;
  }
}
