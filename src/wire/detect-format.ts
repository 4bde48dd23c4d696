/**
 * Recognises which format a parsed JSON value is in, from the fields each vendor documents. Full
 * responses, streamed chunk lists, and the bare `logprobs` part where it is unambiguous.
 */
import { InvalidInputError } from "../core/errors.js";
import { FORMAT_NAMES, type FormatName } from "./format-name.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstChoice(value: Json): Json | undefined {
  const choices = value.choices;
  return Array.isArray(choices) && isObject(choices[0]) ? choices[0] : undefined;
}

function hasPromptLogprobs(value: Json): boolean {
  if (value.prompt_logprobs !== undefined && value.prompt_logprobs !== null) return true;
  const choices = Array.isArray(value.choices) ? value.choices : [];
  return choices.some(
    (choice) => isObject(choice) && choice.prompt_logprobs !== undefined && choice.prompt_logprobs !== null,
  );
}

function detectObject(value: Json): FormatName | undefined {
  switch (value.object) {
    case "text_completion": {
      if (hasPromptLogprobs(value)) return "vllm";
      const logprobs = firstChoice(value)?.logprobs;
      if (isObject(logprobs) && "content" in logprobs) return "llama-server-v1-completions";
      return "openai-completions";
    }
    case "chat.completion":
      return hasPromptLogprobs(value) ? "vllm" : "openai-chat";
    case "chat.completion.chunk":
      return "openai-chat-stream";
    case "response":
      return "openai-responses";
  }
  if (typeof value.type === "string" && value.type.startsWith("response.")) return "openai-responses-stream";
  if ("completion_probabilities" in value) return "llama-server-completion";
  if ("candidates" in value || "chosenCandidates" in value) return "gemini";
  if ("created_at" in value && "done" in value) return "ollama";
  if ("tokens" in value && "token_logprobs" in value) return "openai-completions";
  if (Array.isArray(value.content) || ("content" in value && "refusal" in value)) return "openai-chat";
  return undefined;
}

function detectArray(value: unknown[]): FormatName | undefined {
  const first = value[0];
  if (first === null && value.length > 1 && isObject(value[1])) return "vllm";
  if (!isObject(first)) return undefined;
  const format = detectObject(first);
  if (format === "openai-completions" && "choices" in first) return "openai-completions-stream";
  if (format === "openai-chat-stream" || format === "openai-responses-stream") return format;
  if (format === "ollama" || format === "gemini" || format === "llama-server-completion") return format;
  if ("prob" in first && "top_probs" in first) return "llama-server-completion";
  if ("token" in first && "logprob" in first) {
    return "id" in first && "top_logprobs" in first ? "llama-server-completion" : "openai-responses";
  }
  return undefined;
}

/**
 * The format of a parsed JSON value. Arrays are streamed chunks/events (OpenAI, llama-server
 * `/completion`, Ollama, Gemini),
 * vLLM's bare `prompt_logprobs` list, llama-server's bare `completion_probabilities`, or a bare
 * list of `{token, logprob, bytes, top_logprobs}` entries (read as the Responses API's
 * `output_text.logprobs`). Cost: O(1) fields looked at (O(choices) for vLLM).
 * @throws {InvalidInputError} when no format matches, listing the allowed formats
 */
export function detectFormat(json: unknown): FormatName {
  const format = Array.isArray(json) ? detectArray(json) : isObject(json) ? detectObject(json) : undefined;
  if (format) return format;
  const shape = Array.isArray(json)
    ? "an array"
    : json === null
      ? "null"
      : isObject(json)
        ? "an object"
        : typeof json;
  throw new InvalidInputError(
    "(root)",
    `is ${shape} in no known logprobs format; pass --format to force one`,
    FORMAT_NAMES.join(", "),
  );
}
