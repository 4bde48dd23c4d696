/**
 * Ollama's error shape: `{"error": "message"}` with the HTTP status (api/types.go's StatusError is
 * written by the server as `gin.H{"error": message}`).
 */
import type { OpenAIErrorBody } from "../openai-error.js";

/** Ollama's error body for an error already translated to OpenAI's shape. */
export function ollamaErrorBody(body: OpenAIErrorBody): { error: string } {
  return { error: body.error.message };
}
