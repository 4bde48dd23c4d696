/**
 * `POST /api/generate` and `POST /api/chat`, Ollama's native generation routes (api/types.go:
 * GenerateResponse, ChatResponse). Streamed by default as NDJSON: one object per generated token
 * (its text and, with `logprobs: true`, its entry), then a last object with `done: true`, the done
 * reason and the counts. `stream: false` answers one object. Durations are nanoseconds, measured.
 */
import { type Context, Hono } from "hono";
import type { GenerateResult, LogprobModel } from "../../core/model.js";
import { generateOne } from "../generate-one.js";
import { DeltaText } from "../openai/delta-text.js";
import { readJson } from "../read-json.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { streamGeneration } from "../stream-generation.js";
import { ndjsonWithModelWork } from "./ndjson-response.js";
import { toOllamaLogprob } from "./ollama-logprobs.js";
import { type OllamaPlan, planOllamaChat, planOllamaGenerate } from "./ollama-plan.js";
import { ollamaChatSchema, ollamaGenerateSchema } from "./ollama-request.js";
import { resolveOllamaModel } from "./resolve-ollama-model.js";

/** How the text of one object is written: `response` (generate) or `message` (chat). */
type TextField = (text: string) => object;

const generateText: TextField = (text) => ({ response: text });
const chatText: TextField = (text) => ({ message: { role: "assistant", content: text } });

function nanosecondsSince(start: number): number {
  return Math.round((performance.now() - start) * 1e6);
}

function head(name: string): { model: string; created_at: string } {
  return { model: name, created_at: new Date().toISOString() };
}

/** The fields of the last object: done reason and counts. */
function doneFields(result: GenerateResult, start: number) {
  return {
    done: true,
    done_reason: result.finishReason === "stop" ? "stop" : "length",
    total_duration: nanosecondsSince(start),
    prompt_eval_count: result.usage.promptTokens,
    eval_count: result.usage.completionTokens,
  };
}

async function answer(
  c: Context<ServerEnv>,
  state: ServerState,
  name: string,
  model: LogprobModel,
  plan: OllamaPlan,
  text: TextField,
): Promise<Response> {
  const record = c.get("record");
  const start = performance.now();
  if (plan.stream) {
    return ndjsonWithModelWork(c, state, async (send, work) => {
      const delta = new DeltaText();
      const result = await streamGeneration(model, plan.request, work, ({ token }) =>
        send({
          ...head(name),
          ...text(delta.push(token.bytes)),
          done: false,
          ...(plan.logprobs ? { logprobs: [toOllamaLogprob(token, plan.extensions)] } : {}),
        }),
      );
      addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
      await send({ ...head(name), ...text(delta.rest(result.text)), ...doneFields(result, start) });
    });
  }
  const result = await generateOne(c, state, model, plan.request);
  return c.json({
    ...head(name),
    ...text(result.text),
    ...doneFields(result, start),
    ...(plan.logprobs
      ? { logprobs: result.sequence.tokens.map((token) => toOllamaLogprob(token, plan.extensions)) }
      : {}),
  });
}

/** The two generation routes. */
export function ollamaGenerationRoutes(state: ServerState): Hono<ServerEnv> {
  const generateSchema = ollamaGenerateSchema(state.options);
  const chatSchema = ollamaChatSchema(state.options);
  return new Hono<ServerEnv>()
    .post("/api/generate", async (c) => {
      c.get("record").promptParam = "prompt";
      const body = await readJson(c, generateSchema);
      const model = resolveOllamaModel(state.registry, body.model);
      if ((body.prompt ?? "") === "" && !body.system) {
        // Ollama answers an empty prompt by loading the model: done at once, reason "load".
        const loaded = { ...head(body.model), response: "", done: true, done_reason: "load" };
        if (body.stream === false) return c.json(loaded);
        return c.body(`${JSON.stringify(loaded)}\n`, 200, { "Content-Type": "application/x-ndjson" });
      }
      return answer(c, state, body.model, model, planOllamaGenerate(body, model), generateText);
    })
    .post("/api/chat", async (c) => {
      c.get("record").promptParam = "messages";
      const body = await readJson(c, chatSchema);
      const model = resolveOllamaModel(state.registry, body.model);
      return answer(c, state, body.model, model, planOllamaChat(body, model), chatText);
    });
}
