/** `POST /v1/responses`: OpenAI's Responses API (text in, text out) with per-token logprobs. */
import { Hono } from "hono";
import { checkResponseFormats } from "../check-response-formats.js";
import { withModelWork } from "../model-work.js";
import { nowSeconds, responseId } from "../openai/response-ids.js";
import { planResponses } from "../openai/responses-plan.js";
import { responseObject } from "../openai/responses-response.js";
import { responsesStreamError, streamResponses } from "../openai/responses-stream.js";
import type { OpenAIErrorBody } from "../openai-error.js";
import { readJson } from "../read-json.js";
import { responsesRequestSchema } from "../schemas/responses-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { streamWithModelWork } from "../sse-response.js";

/** The Responses route. */
export function responsesRoute(state: ServerState): Hono<ServerEnv> {
  const schema = responsesRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/responses", async (c) => {
    const record = c.get("record");
    record.promptParam = "input";
    record.fieldRenames = { responseFormat: "text.format", maxTokens: "max_output_tokens" };
    const body = await readJson(c, schema);
    const model = state.registry.resolve(body.model);
    const plan = planResponses(body, model);
    const meta = {
      id: responseId("resp"),
      messageId: responseId("msg"),
      createdAt: nowSeconds(),
      model: model.id,
    };
    if (body.stream) {
      await checkResponseFormats(model, [plan.request]);
      const sequence = { next: 0 };
      const formatError = (error: OpenAIErrorBody) => responsesStreamError(error, sequence);
      return streamWithModelWork(
        c,
        state,
        async (send, work) => {
          const result = await streamResponses(model, plan, work, send, meta, sequence);
          addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
        },
        { errorEvent: "error", formatError },
      );
    }
    const result = await withModelWork(c, state, (work) =>
      model.generate({ ...plan.request, signal: work.signal }),
    );
    addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
    return c.json(responseObject(meta, plan.echo, plan, result));
  });
}
