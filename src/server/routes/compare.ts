/**
 * `POST /v1/compare` (extension): two served models on the same text, token by token (KL
 * divergence, top-1 agreement, logprob change, llama.cpp's KLD summary); the same numbers as
 * `logprobe compare`. Exact for local models; top-k bounds (with a warning) otherwise.
 */
import { Hono } from "hono";
import { compareModels } from "../../core/compare/compare-models.js";
import type { CompareResult } from "../../core/compare/compare-result.js";
import { startModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { compareRequestSchema } from "../schemas/compare-detect-requests.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The compare route. */
export function compareRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/compare", async (c) => {
    const record = c.get("record");
    record.promptParam = "input";
    const body = await readJson(c, compareRequestSchema);
    const base = state.registry.resolve(body.base);
    const model = state.registry.resolve(body.model);
    const work = await startModelWork(c, state);
    let result: CompareResult;
    try {
      result = await compareModels(base, model, body.input, {
        topK: body.top_logprobs ?? undefined,
        windowSize: body.window_size ?? undefined,
        stride: body.stride ?? undefined,
        windowing: body.windowing,
        signal: work.signal,
      });
      work.throwIfCancelled();
    } catch (error) {
      throw work.explain(error);
    } finally {
      work.finish();
    }
    return c.json({ object: "compare", ...result });
  });
}
