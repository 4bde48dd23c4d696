/**
 * Streamed Responses API events, as OpenAI sends them (each an SSE event named after its `type`,
 * numbered by `sequence_number`): `response.created`, `response.in_progress`,
 * `response.output_item.added`, `response.content_part.added`, one `response.output_text.delta`
 * per generated token (its `logprobs` hold exactly that token), `response.output_text.done`,
 * `response.content_part.done`, `response.output_item.done`, then `response.completed` (or
 * `response.incomplete` when `max_output_tokens` ended it). No `[DONE]`.
 */
import type { GenerateResult, LogprobModel } from "../../core/model.js";
import type { ModelWork } from "../model-work.js";
import type { OpenAIErrorBody } from "../openai-error.js";
import type { SendEvent } from "../sse-response.js";
import { streamGeneration } from "../stream-generation.js";
import { DeltaText } from "./delta-text.js";
import type { ResponsesPlan } from "./responses-plan.js";
import {
  messageItem,
  outputTextPart,
  type ResponseMeta,
  responseLogprobs,
  responseObject,
} from "./responses-response.js";

/** The `sequence_number` counter of one stream, shared with its error event. */
export interface EventSequence {
  next: number;
}

/** Streams the plan's one output; returns the result. */
export async function streamResponses(
  model: LogprobModel,
  plan: ResponsesPlan,
  work: ModelWork,
  send: SendEvent,
  meta: ResponseMeta,
  sequence: EventSequence,
): Promise<GenerateResult> {
  const event = (type: string, fields: Record<string, unknown>) =>
    send(JSON.stringify({ type, sequence_number: sequence.next++, ...fields }), type);
  const at = { item_id: meta.messageId, output_index: 0, content_index: 0 };
  const shell = responseObject(meta, plan.echo);
  await event("response.created", { response: shell });
  await event("response.in_progress", { response: shell });
  await event("response.output_item.added", { output_index: 0, item: messageItem(meta, "in_progress", []) });
  await event("response.content_part.added", {
    ...at,
    part: { type: "output_text", text: "", annotations: [], ...responseLogprobs(plan, []) },
  });
  const delta = new DeltaText();
  const result = await streamGeneration(model, plan.request, work, ({ token }) =>
    event("response.output_text.delta", {
      ...at,
      delta: delta.push(token.bytes),
      ...responseLogprobs(plan, [token]),
    }),
  );
  const rest = delta.rest(result.text);
  if (rest !== "")
    await event("response.output_text.delta", { ...at, delta: rest, ...responseLogprobs(plan, []) });
  const part = outputTextPart(plan, result);
  const final = responseObject(meta, plan.echo, plan, result);
  await event("response.output_text.done", {
    ...at,
    text: part.text,
    ...responseLogprobs(plan, result.sequence.tokens),
  });
  await event("response.content_part.done", { ...at, part });
  await event("response.output_item.done", { output_index: 0, item: final.output[0] });
  await event(final.status === "completed" ? "response.completed" : "response.incomplete", {
    response: final,
  });
  return result;
}

/** The Responses API's stream error event (`{"type": "error", code, message, param}`) from OpenAI's error body. */
export function responsesStreamError(body: OpenAIErrorBody, sequence: EventSequence) {
  const { code, message, param } = body.error;
  return { type: "error", sequence_number: sequence.next++, code, message, param };
}
