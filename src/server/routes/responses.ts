/** `POST /v1/responses`: OpenAI's Responses API (text in, text out) with per-token logprobs. */
import { Hono } from "hono";
import type { GenerateResult } from "../../core/model.js";
import { startModelWork } from "../model-work.js";
import { nowSeconds, responseId } from "../openai/response-ids.js";
import { planResponses } from "../openai/responses-plan.js";
import { responseObject } from "../openai/responses-response.js";
import { responsesStreamError, streamResponses } from "../openai/responses-stream.js";
import { readJson } from "../read-json.js";
import { responsesRequestSchema } from "../schemas/responses-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { sseResponse } from "../sse-response.js";

/** The Responses route. */
export function responsesRoute(state: ServerState): Hono<ServerEnv> {
  const schema = responsesRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/responses", async (c) => {
    const record = c.get("record");
    record.promptParam = "input";
    const body = await readJson(c, schema);
    const model = state.registry.resolve(body.model);
    const plan = planResponses(body, model);
    const meta = {
      id: responseId("resp"),
      messageId: responseId("msg"),
      createdAt: nowSeconds(),
      model: model.id,
    };
    const work = await startModelWork(c, state);
    if (body.stream) {
      const sequence = { next: 0 };
      return sseResponse(
        c,
        work,
        async (send) => {
          const result = await streamResponses(model, plan, work, send, meta, sequence);
          addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
        },
        { event: "error", format: (error) => responsesStreamError(error, sequence) },
        state.options.log,
      );
    }
    let result: GenerateResult;
    try {
      result = await model.generate({ ...plan.request, signal: work.signal });
      work.throwIfCancelled();
    } catch (error) {
      throw work.explain(error);
    } finally {
      work.finish();
    }
    addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
    return c.json(responseObject(meta, plan.echo, plan, result));
  });
}
