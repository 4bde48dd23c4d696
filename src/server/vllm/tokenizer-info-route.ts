/**
 * vLLM's `GET /tokenizer_info` (vllm/entrypoints/openai/protocol.py, TokenizerInfoResponse:
 * `tokenizer_class` plus the fields of the tokenizer's configuration): the default model's
 * tokenizer kind (`source`, e.g. the embedded engine's GGUF vocabulary), `model_max_length` and,
 * for a local model, its special tokens and chat template (`eos_token`, `bos_token`, `pad_token`,
 * `add_bos_token`, `chat_template`). lm-evaluation-harness's `local-completions` looks for it
 * (`check_remote_tokenizer_support`: a JSON object holding `eos_token`, then `POST /tokenize`) and
 * then uses the server's tokenizer. `?model=` picks a served model (default: the first).
 */
import { Hono } from "hono";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The tokenizer information route. */
export function vllmTokenizerInfoRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/tokenizer_info", (c) => {
    const model = state.registry.resolve(c.req.query("model") || undefined);
    const info = model.tokenizerInfo?.();
    return c.json({
      model: model.id,
      tokenizer_class: model.source === "engine" ? "GGUF (llama.cpp vocabulary)" : model.source,
      ...(model.contextSize !== undefined ? { model_max_length: model.contextSize } : {}),
      ...(info
        ? {
            eos_token: info.eosToken,
            bos_token: info.bosToken,
            pad_token: info.padToken,
            add_bos_token: info.addBosToken,
            chat_template: info.chatTemplate,
            model_max_length: info.modelMaxLength,
          }
        : {}),
    });
  });
}
