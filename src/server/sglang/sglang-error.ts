/**
 * SGLang's error shape for `/generate`: `{"error": {"message": ...}}`, written by
 * `_create_error_response` in python/sglang/srt/entrypoints/http_server.py (sgl-project/sglang).
 */
import type { OpenAIErrorBody } from "../openai-error.js";

/** SGLang's error body. */
export function sglangErrorBody(body: OpenAIErrorBody): { error: { message: string } } {
  return { error: { message: body.error.message } };
}
