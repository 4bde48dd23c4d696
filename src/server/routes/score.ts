/**
 * `POST /v1/score` (extension): logprob of every token of `input` given the ones before it, with
 * perplexity and bits per byte; the same numbers as `logprobe score`, straight from the model's
 * `score`.
 */
import { Hono } from "hono";
import { UnsupportedError } from "../../core/errors.js";
import type { ScoreRequest } from "../../core/model.js";
import { withModelWork } from "../model-work.js";
import { checkTopLogprobs } from "../openai/capability-checks.js";
import { readJson } from "../read-json.js";
import { scoreRequestSchema } from "../schemas/score-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";

/** The score route. */
export function scoreRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/score", async (c) => {
    const record = c.get("record");
    record.promptParam = "input";
    record.fieldRenames = { text: "input" };
    const body = await readJson(c, scoreRequestSchema);
    const model = state.registry.resolve(body.model);
    if (!model.capabilities.promptLogprobs) {
      throw new UnsupportedError("input", `the model ${model.id} cannot score given text`);
    }
    const topLogprobs = body.top_logprobs ?? 0;
    checkTopLogprobs(model, "top_logprobs", topLogprobs);
    const result = await withModelWork(c, state, (work) => {
      const request: ScoreRequest = { text: body.input, topLogprobs, signal: work.signal };
      if (body.window_size != null) request.windowSize = body.window_size;
      if (body.stride != null) request.stride = body.stride;
      return model.score(request);
    });
    addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
    return c.json({
      model: result.model,
      object: "score",
      tokens: result.sequence.tokens,
      perplexity: result.perplexity,
      bits_per_byte: result.bitsPerByte,
      bos_conditioned: result.bosConditioned,
      usage: {
        prompt_tokens: result.usage.promptTokens,
        completion_tokens: result.usage.completionTokens,
        total_tokens: result.usage.promptTokens + result.usage.completionTokens,
      },
    });
  });
}
