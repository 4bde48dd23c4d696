/**
 * The non-streamed answer of the dialect routes that generate one choice (Ollama, llama.cpp,
 * SGLang): one generation under one model slot, its token counts added to the request's log
 * record.
 */
import type { Context } from "hono";
import type { GenerateRequest, GenerateResult, LogprobModel } from "../core/model.js";
import { generateChoices } from "./openai/generate-choices.js";
import { addUsage, type ServerEnv, type ServerState } from "./server-state.js";

/** Generates `request` for the request in `c` and returns the result (rejects as generateChoices does). */
export async function generateOne(
  c: Context<ServerEnv>,
  state: ServerState,
  model: LogprobModel,
  request: Omit<GenerateRequest, "signal">,
): Promise<GenerateResult> {
  const [result] = await generateChoices(c, state, model, [request]);
  if (!result) throw new Error("the model returned no result");
  addUsage(c.get("record"), result.usage.promptTokens, result.usage.completionTokens);
  return result;
}
