/** `POST /v1/completions`: OpenAI legacy completions, with echo scoring and vLLM's extensions. */
import { Hono } from "hono";
import type { GenerateResult } from "../../core/model.js";
import { startModelWork, withModelWork } from "../model-work.js";
import { planCompletion } from "../openai/completion-plan.js";
import { completionChoice, completionUsage } from "../openai/completion-response.js";
import { streamCompletion } from "../openai/completion-stream.js";
import { resolvePromptTexts } from "../openai/resolve-prompts.js";
import { nowSeconds, responseId } from "../openai/response-ids.js";
import { readJson } from "../read-json.js";
import { completionsRequestSchema } from "../schemas/completions-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { sseResponse } from "../sse-response.js";

/** The completions route. */
export function completionsRoute(state: ServerState): Hono<ServerEnv> {
  const schema = completionsRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/completions", async (c) => {
    const record = c.get("record");
    record.promptParam = "prompt";
    const body = await readJson(c, schema);
    const model = state.registry.resolve(body.model);
    const plan = planCompletion(body, model, await resolvePromptTexts(body.prompt, model));
    const id = responseId("cmpl");
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
        const usage = completionUsage(plan, await streamCompletion(model, plan, work, send, meta));
        addUsage(record, usage.prompt_tokens, usage.completion_tokens);
      });
    }
    const results = await withModelWork(c, state, async (work) => {
      const generated: GenerateResult[] = [];
      for (const job of plan.jobs) {
        generated.push(await model.generate({ ...job.request, signal: work.signal }));
        work.throwIfCancelled();
      }
      return generated;
    });
    const usage = completionUsage(plan, results);
    addUsage(record, usage.prompt_tokens, usage.completion_tokens);
    return c.json({
      id,
      object: "text_completion",
      created,
      model: model.id,
      choices: plan.jobs.map((job, index) => completionChoice(plan, job, results[index]!)),
      usage,
    });
  });
}
