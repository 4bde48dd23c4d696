/**
 * `POST /v1/generate` (web UI extension): Server-Sent Events, each `data:` one JSON
 * {@link GenerateEvent} (`{type:"token", index, token}` per token, then `{type:"done", result}`).
 * A failure after the stream started arrives as `event: error` with an OpenAI error body.
 */
import { Hono } from "hono";
import type { GenerateEvent } from "../../core/model.js";
import { toGenerateRequest } from "../generate-body.js";
import { readJson } from "../read-json.js";
import { generateRequestSchema } from "../schemas/generate-request.js";
import { addUsage, type ServerEnv, type ServerState } from "../server-state.js";
import { streamWithModelWork } from "../sse-response.js";
import { streamGeneration } from "../stream-generation.js";

/** The generate route. */
export function generateRoute(state: ServerState): Hono<ServerEnv> {
  const schema = generateRequestSchema(state.options);
  return new Hono<ServerEnv>().post("/v1/generate", async (c) => {
    const record = c.get("record");
    const body = await readJson(c, schema);
    record.promptParam = body.prompt !== undefined ? "prompt" : "messages";
    const model = state.registry.resolve(body.model);
    const request = toGenerateRequest(body, model);
    return streamWithModelWork(
      c,
      state,
      async (send, work) => {
        const result = await streamGeneration(model, request, work, (event) => send(JSON.stringify(event)));
        addUsage(record, result.usage.promptTokens, result.usage.completionTokens);
        const done: GenerateEvent = { type: "done", result };
        await send(JSON.stringify(done));
      },
      { errorEvent: "error" },
    );
  });
}
