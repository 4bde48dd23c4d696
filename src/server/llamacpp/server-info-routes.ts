/**
 * llama.cpp server's `GET /props` and `GET /slots` (tools/server/server-context.cpp:
 * `get_res_props`, `server_slot::to_json`), from what this server knows: the default model, its
 * context size, the number of requests served at once (`total_slots`) and how many run now. Fields
 * it cannot know (chat template source, BOS/EOS token text, model file type) are left out.
 */
import { Hono } from "hono";
import type { ServerEnv, ServerState } from "../server-state.js";
import { LLAMA_CPP_DEFAULT_SAMPLING } from "./completion-plan.js";

/** The two information routes. */
export function llamaCppServerInfoRoutes(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>()
    .get("/props", (c) => {
      const model = state.registry.resolve(undefined);
      return c.json({
        default_generation_settings: {
          params: {
            n_predict: -1,
            seed: -1,
            ...LLAMA_CPP_DEFAULT_SAMPLING,
            n_probs: 0,
            post_sampling_probs: false,
          },
          ...(model.contextSize !== undefined ? { n_ctx: model.contextSize } : {}),
        },
        total_slots: state.options.maxConcurrent,
        model_alias: model.id,
        model_path: model.id,
        modalities: { vision: false, video: false, audio: false },
        endpoint_slots: true,
        endpoint_props: false,
        endpoint_metrics: false,
        is_sleeping: false,
      });
    })
    .get("/slots", (c) => {
      const model = state.registry.resolve(undefined);
      const busy = state.queue.active;
      return c.json(
        Array.from({ length: state.options.maxConcurrent }, (_, id) => ({
          id,
          ...(model.contextSize !== undefined ? { n_ctx: model.contextSize } : {}),
          speculative: false,
          is_processing: id < busy,
        })),
      );
    });
}
