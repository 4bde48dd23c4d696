/** `POST /v1/chat/completions`: OpenAI chat completions with per-token logprobs. */
import { Hono } from "hono";
import type { GenerateResult } from "../../core/model.js";
import { startModelWork, withModelWork } from "../model-work.js";
import { planChat } from "../openai/chat-plan.js";
import { chatChoice, chatUsage } from "../openai/chat-response.js";
import { streamChat } from "../openai/chat-stream.js";
import { nowSeconds, responseId } from "../openai/response-ids.js";
import { readJson } from "../read-json.js";
import { chatRequestSchema } from "../schemas/chat-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { sseResponse } from "../sse-response.js";

/** The chat completions route. */
export function chatCompletionsRoute(state: ServerState): Hono<ServerEnv> {
  const schema = chatRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/chat/completions", async (c) => {
    const record = c.get("record");
    record.promptParam = "messages";
    const body = await readJson(c, schema);
    const model = state.registry.resolve(body.model);
    const plan = planChat(body, model);
    const id = responseId("chatcmpl");
    const created = nowSeconds();
    if (body.stream) {
      const meta = {
        id,
        created,
        model: model.id,
        includeUsage: body.stream_options?.include_usage === true,
      };
      const work = await startModelWork(c, state);
      return sseResponse(c, { work, log: state.options.log }, async (send) => {
        const usage = chatUsage(await streamChat(model, plan, work, send, meta));
        addUsage(record, usage.prompt_tokens, usage.completion_tokens);
      });
    }
    const results = await withModelWork(c, state, async (work) => {
      const generated: GenerateResult[] = [];
      for (const request of plan.requests) {
        generated.push(await model.generate({ ...request, signal: work.signal }));
        work.throwIfCancelled();
      }
      return generated;
    });
    const usage = chatUsage(results);
    addUsage(record, usage.prompt_tokens, usage.completion_tokens);
    return c.json({
      id,
      object: "chat.completion",
      created,
      model: model.id,
      choices: results.map((result, index) => chatChoice(plan, index, result)),
      usage,
    });
  });
}
