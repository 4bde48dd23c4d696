/**
 * `POST /v1/detect` (extension): machine-text and training-data detection scores of a text
 * (Binoculars, GLTR rank buckets, Min-K%, Min-K%++) from an observer and a performer among the
 * served models; the same numbers as `logprobe detect`.
 */
import { Hono } from "hono";
import { detectText } from "../../core/detect/detect-text.js";
import { withModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { detectRequestSchema } from "../schemas/compare-detect-requests.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The detect route. */
export function detectRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/detect", async (c) => {
    const record = c.get("record");
    record.promptParam = "input";
    const body = await readJson(c, detectRequestSchema);
    const observer = state.registry.resolve(body.observer, "observer");
    const performer = state.registry.resolve(body.performer, "performer");
    const result = await withModelWork(c, state, (work) =>
      detectText(observer, performer, body.input, {
        k: body.k ?? undefined,
        windowSize: body.window_size ?? undefined,
        stride: body.stride ?? undefined,
        signal: work.signal,
      }),
    );
    return c.json({ object: "detect", ...result });
  });
}
