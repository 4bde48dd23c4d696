/**
 * `POST /v1/branch` (web UI extension): "what if the model had said X": continues from
 * `prefix_tokens` with `forced_token` in their place, using the model's `branch`. Answers with
 * the same SSE stream as `/v1/generate`. The model returns the branch whole, so errors still get
 * their HTTP status, and the token events then follow one another at once, then `done`. 400 when
 * the model cannot branch.
 */
import { Hono } from "hono";
import { UnsupportedError } from "../../core/errors.js";
import type { GenerateEvent } from "../../core/model.js";
import { toGenerateRequest } from "../generate-body.js";
import { startModelWork } from "../model-work.js";
import { readJson } from "../read-json.js";
import { branchRequestSchema } from "../schemas/generate-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { sseResponse } from "../sse-response.js";

/** The branch route. */
export function branchRoute(state: ServerState): Hono<ServerEnv> {
  const schema = branchRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/branch", async (c) => {
    const record = c.get("record");
    const body = await readJson(c, schema);
    record.promptParam = body.prompt !== undefined ? "prompt" : "messages";
    const model = state.registry.resolve(body.model);
    const branch = model.branch;
    if (!model.capabilities.branching || !branch) {
      throw new UnsupportedError(
        "branching",
        `the model ${model.id} cannot branch (continue from a forced token); use a local model`,
      );
    }
    const request = {
      ...toGenerateRequest(body, model),
      prefixTokens: body.prefix_tokens,
      forcedToken: body.forced_token,
    };
    // The slot stays held while the events are written: sseResponse finishes the work.
    const work = await startModelWork(c, state);
    const result = await work.run(() => branch.call(model, { ...request, signal: work.signal }));
    addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
    return sseResponse(c, { work, log: state.options.log, errorEvent: "error" }, async (send) => {
      for (const [index, token] of result.sequence.tokens.entries()) {
        const event: GenerateEvent = { type: "token", index, token };
        await send(JSON.stringify(event));
      }
      const done: GenerateEvent = { type: "done", result };
      await send(JSON.stringify(done));
    });
  });
}
