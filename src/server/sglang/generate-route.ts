/**
 * `POST /generate`, SGLang's native generation route (python/sglang/srt/entrypoints/http_server.py,
 * `generate_request`). With `stream: true`, Server-Sent Events: one cumulative chunk per token
 * (SGLang's default streaming), the final answer, then `data: [DONE]`.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { TokenLogprob } from "../../core/types.js";
import { generateOne } from "../generate-one.js";
import { DeltaText } from "../openai/delta-text.js";
import { resolvePromptTexts } from "../openai/resolve-prompts.js";
import { readJson } from "../read-json.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { streamWithModelWork } from "../sse-response.js";
import { streamGeneration } from "../stream-generation.js";
import { planSglangGenerate } from "./generate-plan.js";
import { sglangGenerateSchema } from "./generate-request.js";
import { sglangFinal, sglangPartial } from "./generate-response.js";
import { sglangErrorBody } from "./sglang-error.js";

/** The generate route. */
export function sglangGenerateRoute(state: ServerState): Hono<ServerEnv> {
  const schema = sglangGenerateSchema(state.options);
  return new Hono<ServerEnv>().post("/generate", async (c) => {
    const record = c.get("record");
    record.promptParam = "text";
    const body = await readJson(c, schema);
    const model = state.registry.resolve(undefined);
    const [prompt = ""] = await resolvePromptTexts([body.input_ids ?? body.text ?? ""], model);
    const plan = planSglangGenerate(body, model, prompt);
    const requestId = body.rid ?? randomUUID().replaceAll("-", "");
    const start = performance.now();
    const elapsed = () => (performance.now() - start) / 1000;
    if (body.stream === true) {
      return streamWithModelWork(
        c,
        state,
        async (send, work) => {
          const delta = new DeltaText();
          let text = "";
          const tokens: TokenLogprob[] = [];
          const result = await streamGeneration(model, plan.request, work, ({ token }) => {
            tokens.push(token);
            text += delta.push(token.bytes);
            return send(JSON.stringify(sglangPartial(plan, text, tokens, requestId)));
          });
          addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
          await send(JSON.stringify(sglangFinal(plan, result, requestId, elapsed())));
          await send("[DONE]");
        },
        { formatError: (error) => sglangErrorBody(error) },
      );
    }
    const result = await generateOne(c, state, model, plan.request);
    return c.json(sglangFinal(plan, result, requestId, elapsed()));
  });
}
