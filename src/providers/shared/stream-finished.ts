/**
 * How each streaming protocol says "generation finished". A stream that closes before its
 * protocol said so was cut (a dropped connection, a crashed or restarted server): the transport
 * reports it as an error and never caches it. SSE streams that end with `data: [DONE]` are
 * finished whatever their payloads say.
 */

/** Tells whether one streamed payload is its protocol's final one. */
export type FinalPayloadTest = (payload: unknown) => boolean;

function record(payload: unknown): Record<string, unknown> | undefined {
  return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : undefined;
}

function anyItem(list: unknown, test: (item: Record<string, unknown>) => boolean): boolean {
  return (
    Array.isArray(list) &&
    list.some((item) => record(item) !== undefined && test(item as Record<string, unknown>))
  );
}

/** OpenAI chat/completions chunks (and vLLM's, llama-server's /v1): a choice with a `finish_reason`. */
export const openAIChoiceFinished: FinalPayloadTest = (payload) =>
  anyItem(
    record(payload)?.choices,
    (choice) => typeof choice.finish_reason === "string" && choice.finish_reason !== "",
  );

/** OpenAI Responses events: `response.completed`, `response.incomplete` or `response.failed`. */
export const responsesFinished: FinalPayloadTest = (payload) => {
  const type = record(payload)?.type;
  return type === "response.completed" || type === "response.incomplete" || type === "response.failed";
};

/** llama.cpp server's native `/completion` chunks: `stop: true`. */
export const llamaServerStopped: FinalPayloadTest = (payload) => record(payload)?.stop === true;

/** Ollama NDJSON lines: `done: true`. */
export const ollamaDone: FinalPayloadTest = (payload) => record(payload)?.done === true;

/** Gemini `streamGenerateContent` chunks: a candidate with a `finishReason`. */
export const geminiFinished: FinalPayloadTest = (payload) =>
  anyItem(
    record(payload)?.candidates,
    (candidate) => typeof candidate.finishReason === "string" && candidate.finishReason !== "",
  );
