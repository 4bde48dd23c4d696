/**
 * `GET /tokenizer_info`: the tokenizer's special tokens and chat template in vLLM's shape
 * (`eos_token`, `bos_token`, `pad_token`, `chat_template`, `model_max_length`, `add_bos_token`).
 * lm-evaluation-harness's `local-completions` looks for it (`check_remote_tokenizer_support`:
 * a JSON object holding `eos_token`, then `POST /tokenize`) and then uses the server's tokenizer.
 * `?model=` picks a served model (default: the first).
 */
import { Hono } from "hono";
import { UnsupportedError } from "../../core/errors.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The tokenizer-info route. */
export function tokenizerInfoRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/tokenizer_info", (c) => {
    const model = state.registry.resolve(c.req.query("model") || undefined);
    if (!model.tokenizerInfo) {
      throw new UnsupportedError(
        "model",
        `the model ${model.id} does not expose its tokenizer's configuration`,
      );
    }
    const info = model.tokenizerInfo();
    return c.json({
      model: model.id,
      eos_token: info.eosToken,
      bos_token: info.bosToken,
      pad_token: info.padToken,
      add_bos_token: info.addBosToken,
      chat_template: info.chatTemplate,
      model_max_length: info.modelMaxLength,
    });
  });
}
