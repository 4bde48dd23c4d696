/**
 * `POST /completion` (and its alias `/completions`), llama.cpp server's native completion route.
 * Streamed with `stream: true` as Server-Sent Events: one `data:` object per generated token (its
 * text and, with `n_probs`, its one `completion_probabilities` entry), then the final object with
 * `stop: true`; no `[DONE]`, as upstream. An error after the stream started is one last event
 * `{"error": {code, message, type}}`.
 */
import { type Context, Hono } from "hono";
import { withModelWork } from "../model-work.js";
import { DeltaText } from "../openai/delta-text.js";
import { resolvePromptTexts } from "../openai/resolve-prompts.js";
import { readJson } from "../read-json.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { streamWithModelWork } from "../sse-response.js";
import { streamGeneration } from "../stream-generation.js";
import { planLlamaCppCompletion } from "./completion-plan.js";
import { toLlamaCppProbability } from "./completion-probabilities.js";
import { llamaCppCompletionSchema } from "./completion-request.js";
import { llamaCppFinal } from "./completion-response.js";
import { llamaCppErrorBody } from "./llamacpp-error.js";

/** The completion route at `/completion` and `/completions`. */
export function llamaCppCompletionRoute(state: ServerState): Hono<ServerEnv> {
  const schema = llamaCppCompletionSchema(state.options);
  const handler = async (c: Context<ServerEnv>) => {
    const record = c.get("record");
    record.promptParam = "prompt";
    const body = await readJson(c, schema);
    const model = state.registry.resolve(body.model);
    const [prompt = ""] = await resolvePromptTexts([body.prompt], model);
    const plan = planLlamaCppCompletion(body, model, prompt);
    const start = performance.now();
    let firstToken: number | undefined;
    const clock = () => {
      const elapsedMs = performance.now() - start;
      return { elapsedMs, promptMs: firstToken === undefined ? elapsedMs : firstToken - start };
    };
    if (body.stream === true) {
      return streamWithModelWork(
        c,
        state,
        async (send, work) => {
          const delta = new DeltaText();
          let predicted = 0;
          const result = await streamGeneration(model, plan.request, work, ({ token }) => {
            firstToken ??= performance.now();
            predicted++;
            const entry =
              plan.nProbs > 0
                ? toLlamaCppProbability(token, {
                    k: plan.nProbs,
                    postSampling: plan.postSampling,
                    extensions: plan.extensions,
                  })
                : null;
            return send(
              JSON.stringify({
                index: 0,
                content: delta.push(token.bytes),
                tokens: token.id !== undefined ? [token.id] : [],
                stop: false,
                id_slot: 0,
                tokens_predicted: predicted,
                ...(entry ? { completion_probabilities: [entry] } : {}),
              }),
            );
          });
          addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
          const final = llamaCppFinal(plan, result, { streamed: true, ...clock() });
          await send(JSON.stringify({ ...final, content: delta.rest(result.text) }));
        },
        { formatError: (error, status) => llamaCppErrorBody(status, error) },
      );
    }
    const result = await withModelWork(c, state, (work) =>
      streamGeneration(model, plan.request, work, async () => {
        firstToken ??= performance.now();
      }),
    );
    addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
    return c.json(llamaCppFinal(plan, result, { streamed: false, ...clock() }));
  };
  return new Hono<ServerEnv>().post("/completion", handler).post("/completions", handler);
}
