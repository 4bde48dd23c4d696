/**
 * `POST /detokenize`: `{tokens}` -> `{prompt, content}`, the same text under vLLM's name (read by
 * lm-evaluation-harness's remote tokenizer) and llama.cpp's.
 */
import { Hono } from "hono";
import { withModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { detokenizeRequestSchema } from "../schemas/score-request.js";
import type { ServerEnv, ServerState } from "../server-state.js";
import { tokenizer } from "./tokenize.js";

/** The detokenize route. */
export function detokenizeRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/detokenize", async (c) => {
    const body = await readJson(c, detokenizeRequestSchema);
    const model = state.registry.resolve(body.model);
    const detokenize = tokenizer(model).detokenize;
    const text = await withModelWork(c, state, () => detokenize(body.tokens));
    return c.json({ prompt: text, content: text });
  });
}
