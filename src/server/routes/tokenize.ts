/**
 * `POST /tokenize`. Field names follow both vLLM (`prompt`, used by lm-evaluation-harness's remote
 * tokenizer) and llama.cpp's server (`content`): reads either (or `text`) and answers
 * `{tokens, count, max_model_len}`. Like generation it waits for a slot in the request queue
 * (429 when full), and the engine tokenizes long texts off the main thread.
 */
import { Hono } from "hono";
import { UnsupportedError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { withModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { tokenizeRequestSchema } from "../schemas/score-request.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The model's tokenizer; throws UnsupportedError when it has none. */
export function tokenizer(model: LogprobModel) {
  const { tokenize, detokenize } = model;
  if (!model.capabilities.tokenize || !tokenize || !detokenize) {
    throw new UnsupportedError("tokenize", `the model ${model.id} does not expose its tokenizer`);
  }
  return { tokenize: tokenize.bind(model), detokenize: detokenize.bind(model) };
}

/** The tokenize route. */
export function tokenizeRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/tokenize", async (c) => {
    const body = await readJson(c, tokenizeRequestSchema);
    const model = state.registry.resolve(body.model);
    const tokenize = tokenizer(model).tokenize;
    // Tokenizing is model work (linear in the text): it takes a slot like a generation.
    const tokens = await withModelWork(c, state, () => tokenize(body.text));
    return c.json({ tokens, count: tokens.length, max_model_len: model.contextSize ?? null });
  });
}
