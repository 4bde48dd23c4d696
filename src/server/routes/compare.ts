/**
 * `POST /v1/compare` (extension): two served models on the same text, token by token (KL
 * divergence, top-1 agreement, logprob change, llama.cpp's KLD summary); the same numbers as
 * `logprobe compare`. Exact for local models; top-k bounds (with a warning) otherwise.
 */
import { Hono } from "hono";
import { compareModels } from "../../core/compare/compare-models.js";
import { withModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { compareRequestSchema } from "../schemas/compare-detect-requests.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The compare route. */
export function compareRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/compare", async (c) => {
    const record = c.get("record");
    record.promptParam = "input";
    const body = await readJson(c, compareRequestSchema);
    const base = state.registry.resolve(body.base, "base");
    const model = state.registry.resolve(body.model);
    const result = await withModelWork(c, state, (work) =>
      compareModels(base, model, body.input, {
        topK: body.top_logprobs ?? undefined,
        windowSize: body.window_size ?? undefined,
        stride: body.stride ?? undefined,
        windowing: body.windowing,
        signal: work.signal,
      }),
    );
    return c.json({ object: "compare", ...result });
  });
}
