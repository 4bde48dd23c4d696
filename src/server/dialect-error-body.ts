/**
 * The error body a path's dialect uses, from an error already translated to a status and OpenAI's
 * shape by `toHttpError` (which stays the one place where errors become statuses). OpenAI and
 * vLLM paths keep OpenAI's shape.
 */
import { dialectOfPath } from "./dialects.js";
import { llamaCppErrorBody } from "./llamacpp/llamacpp-error.js";
import { ollamaErrorBody } from "./ollama/ollama-error.js";
import type { HttpErrorResponse } from "./openai-error.js";
import { sglangErrorBody } from "./sglang/sglang-error.js";

/** The body to send for `translated` on a request to `path`. */
export function dialectErrorBody(path: string, translated: HttpErrorResponse): unknown {
  switch (dialectOfPath(path)) {
    case "ollama":
      return ollamaErrorBody(translated.body);
    case "llamacpp":
      return llamaCppErrorBody(translated.status, translated.body);
    case "sglang":
      return sglangErrorBody(translated.body);
    default:
      return translated.body;
  }
}
