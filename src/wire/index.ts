/**
 * logprobe/wire: zod schemas and converters between external logprob formats and core.
 * Parsers (`fromX`) validate at the edge and return normalised core sequences; emitters (`toX`)
 * write the OpenAI shapes byte-compatibly (JSON numbers, `null` where the API uses null, the API's
 * key order).
 */

export * from "./chat-completion-stream-accumulator.js";
export * from "./completion-stream-accumulator.js";
export * from "./detect-format.js";
export * from "./format-name.js";
export * from "./gemini.js";
export * from "./json-text.js";
export * from "./llama-server-completion.js";
export * from "./llama-server-openai-completion.js";
export * from "./logprob-schema.js";
export * from "./ollama.js";
export * from "./openai-chat.js";
export * from "./openai-completion.js";
export * from "./openai-responses.js";
export * from "./parse-logprobs.js";
export * from "./responses-stream-accumulator.js";
export * from "./sse-events.js";
export * from "./token-entry.js";
export { formatJsonPath, parseWithSchema } from "./validate.js";
export * from "./vllm-prompt-logprobs.js";
