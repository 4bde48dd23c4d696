/** `POST /v1/completions`: OpenAI legacy completions, with echo scoring and vLLM's extensions. */
import { Hono } from "hono";
import { planCompletion } from "../openai/completion-plan.js";
import { completionChoice, completionUsage } from "../openai/completion-response.js";
import { streamCompletion } from "../openai/completion-stream.js";
import { generateChoices } from "../openai/generate-choices.js";
import { resolvePromptTexts } from "../openai/resolve-prompts.js";
import { chunkMeta } from "../openai/stream-chunks.js";
import { readJson } from "../read-json.js";
import { completionsRequestSchema } from "../schemas/completions-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { streamWithModelWork } from "../sse-response.js";

/** The completions route. */
export function completionsRoute(state: ServerState): Hono<ServerEnv> {
  const schema = completionsRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/completions", async (c) => {
    const record = c.get("record");
    record.promptParam = "prompt";
    record.fieldRenames = { responseFormat: "response_format.json_schema", tokens: "prompt" };
    const body = await readJson(c, schema);
    const model = state.registry.resolve(body.model);
    const plan = planCompletion(body, model, await resolvePromptTexts(body.prompt, model));
    const meta = chunkMeta("cmpl", model.id, body.stream_options);
    if (body.stream) {
      return streamWithModelWork(c, state, async (send, work) => {
        const usage = completionUsage(plan, await streamCompletion(model, plan, work, send, meta));
        addUsage(record, usage.prompt_tokens, usage.completion_tokens);
      });
    }
    const results = await generateChoices(
      c,
      state,
      model,
      plan.jobs.map((job) => job.request),
    );
    const usage = completionUsage(plan, results);
    addUsage(record, usage.prompt_tokens, usage.completion_tokens);
    return c.json({
      id: meta.id,
      object: "text_completion",
      created: meta.created,
      model: meta.model,
      choices: plan.jobs.map((job, index) => completionChoice(plan, job, results[index]!)),
      usage,
    });
  });
}
