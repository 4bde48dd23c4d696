/**
 * vLLM's `GET /tokenizer_info` (vllm/entrypoints/openai/protocol.py, TokenizerInfoResponse:
 * `tokenizer_class` plus the fields of the tokenizer's configuration). Here: the default model's
 * tokenizer kind (`source`, e.g. the embedded engine's GGUF vocabulary) and `model_max_length`,
 * the context size, when known.
 */
import { Hono } from "hono";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The tokenizer information route. */
export function vllmTokenizerInfoRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/tokenizer_info", (c) => {
    const model = state.registry.resolve(c.req.query("model") || undefined);
    return c.json({
      tokenizer_class: model.source === "engine" ? "GGUF (llama.cpp vocabulary)" : model.source,
      ...(model.contextSize !== undefined ? { model_max_length: model.contextSize } : {}),
    });
  });
}
