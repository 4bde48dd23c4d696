/** `POST /v1/chat/completions`: OpenAI chat completions with per-token logprobs. */
import { Hono } from "hono";
import { checkResponseFormats } from "../check-response-formats.js";
import { planChat } from "../openai/chat-plan.js";
import { chatChoice, chatUsage } from "../openai/chat-response.js";
import { streamChat } from "../openai/chat-stream.js";
import { generateChoices } from "../openai/generate-choices.js";
import { chunkMeta } from "../openai/stream-chunks.js";
import { readJson } from "../read-json.js";
import { chatRequestSchema } from "../schemas/chat-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { streamWithModelWork } from "../sse-response.js";
import { chatPromptLogprobs } from "../vllm/chat-prompt-logprobs.js";

/** The chat completions route. */
export function chatCompletionsRoute(state: ServerState): Hono<ServerEnv> {
  const schema = chatRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/chat/completions", async (c) => {
    const record = c.get("record");
    record.promptParam = "messages";
    record.fieldRenames = { responseFormat: "response_format.json_schema" };
    const body = await readJson(c, schema);
    const model = state.registry.resolve(body.model);
    const plan = planChat(body, model);
    const meta = chunkMeta("chatcmpl", model.id, body.stream_options);
    if (body.stream) {
      await checkResponseFormats(model, plan.requests);
      return streamWithModelWork(c, state, async (send, work) => {
        const usage = chatUsage(await streamChat(model, plan, work, send, meta));
        addUsage(record, usage.prompt_tokens, usage.completion_tokens);
      });
    }
    const results = await generateChoices(c, state, model, plan.requests);
    const usage = chatUsage(results);
    addUsage(record, usage.prompt_tokens, usage.completion_tokens);
    return c.json({
      id: meta.id,
      object: "chat.completion",
      created: meta.created,
      model: meta.model,
      choices: results.map((result, index) => chatChoice(plan, index, result)),
      usage,
      ...chatPromptLogprobs(plan, results),
    });
  });
}
