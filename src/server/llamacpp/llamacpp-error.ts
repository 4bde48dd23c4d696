/**
 * llama.cpp server's error shape, `{"error": {"code", "message", "type"}}`, as written by
 * `format_error_response` (tools/server/server-common.cpp): `code` is the HTTP status and `type`
 * one of its error types, chosen here from the status (and the context-length code).
 */
import type { OpenAIErrorBody } from "../openai-error.js";

/** llama.cpp's error body. */
export interface LlamaCppErrorBody {
  error: { code: number; message: string; type: string };
}

function errorType(status: number, code: string | null): string {
  if (code === "context_length_exceeded") return "exceed_context_size_error";
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 501) return "not_supported_error";
  if (status === 503) return "unavailable_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** llama.cpp's error body for an error with `status`, already translated to OpenAI's shape. */
export function llamaCppErrorBody(status: number, body: OpenAIErrorBody): LlamaCppErrorBody {
  return { error: { code: status, message: body.error.message, type: errorType(status, body.error.code) } };
}
