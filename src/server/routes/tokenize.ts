/**
 * `POST /tokenize`. Field names follow both vLLM (`prompt`, used by lm-evaluation-harness's remote
 * tokenizer) and llama.cpp's server (`content`): reads either (or `text`) and answers
 * `{tokens, count, max_model_len}`. With llama.cpp's `with_pieces: true`, each token is `{id, piece}`
 * (the piece is the token's own text, as llama.cpp's `token_to_piece` gives it). Like generation it waits for a slot in the request queue
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
    const { tokenize, detokenize } = tokenizer(model);
    // Tokenizing is model work (linear in the text): it takes a slot like a generation.
    const ids = await withModelWork(c, state, () => tokenize(body.text));
    const tokens = body.withPieces
      ? await withModelWork(c, state, async () => {
          // llama-server's piece is token_to_piece: the token's own bytes (" Once", with its
          // space), which detokenize of the token alone would drop.
          const pieces = model.tokenBytes
            ? model.tokenBytes(ids).map((bytes) => new TextDecoder().decode(bytes))
            : await Promise.all(ids.map((id) => detokenize([id])));
          return ids.map((id, index) => ({ id, piece: pieces[index] ?? "" }));
        })
      : ids;
    return c.json({ tokens, count: ids.length, max_model_len: model.contextSize ?? null });
  });
}
