/**
 * Turns a validated `/api/generate` or `/api/chat` body into one model request. Ollama's sampling
 * defaults apply where the request sets none (temperature 0.8, top_k 40, top_p 0.9: api/types.go,
 * DefaultOptions); logprobs are the model's raw distribution, as Ollama reports them.
 */
import type { ChatMessage, GenerateRequest, LogprobModel, ResponseFormat } from "../../core/model.js";
import {
  checkMaxTokensFitContext,
  checkResponseFormat,
  checkTopLogprobs,
} from "../openai/capability-checks.js";
import { toSamplingSettings } from "../schemas/sampling-fields.js";
import type { OllamaChatRequest, OllamaGenerateRequest } from "./ollama-request.js";

/** Ollama's defaults for sampling options a request leaves out. */
export const OLLAMA_DEFAULT_OPTIONS = { temperature: 0.8, top_k: 40, top_p: 0.9 } as const;

/** One Ollama generation and how to present it. */
export interface OllamaPlan {
  request: Omit<GenerateRequest, "signal">;
  /** Whether answers carry `logprobs`. */
  logprobs: boolean;
  /** Whether token entries carry logprobe's `entropy` and `rank`. */
  extensions: boolean;
  /** NDJSON stream (Ollama's default) or one JSON object. */
  stream: boolean;
}

function responseFormat(format: OllamaChatRequest["format"]): ResponseFormat | undefined {
  if (format === undefined || format === null || format === "") return undefined;
  if (format === "json") return { type: "json_object" };
  return { type: "json_schema", schema: format };
}

function plan(
  body: OllamaGenerateRequest | OllamaChatRequest,
  model: LogprobModel,
  input: { prompt: string } | { messages: ChatMessage[] },
): OllamaPlan {
  const logprobs = body.logprobs === true;
  const topLogprobs = logprobs ? (body.top_logprobs ?? 0) : 0;
  checkTopLogprobs(model, "top_logprobs", topLogprobs);
  const format = responseFormat(body.format);
  checkResponseFormat(model, "format", format);
  const options: NonNullable<OllamaChatRequest["options"]> = body.options ?? { stop: [] };
  const numPredict = options.num_predict ?? undefined;
  const maxTokens = numPredict !== undefined && numPredict >= 0 ? numPredict : undefined;
  checkMaxTokensFitContext(model, "options.num_predict", maxTokens);
  const sampling = toSamplingSettings(
    {
      ...options,
      top_k: options.top_k ?? OLLAMA_DEFAULT_OPTIONS.top_k,
      top_p: options.top_p ?? OLLAMA_DEFAULT_OPTIONS.top_p,
    },
    OLLAMA_DEFAULT_OPTIONS.temperature,
  );
  const request: Omit<GenerateRequest, "signal"> = { ...input, stop: options.stop, sampling, topLogprobs };
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (format !== undefined) request.responseFormat = format;
  return { request, logprobs, extensions: body.logprobe_extensions === true, stream: body.stream !== false };
}

/**
 * `/api/generate`: with `raw: true`, or for a model without a chat template, the prompt as raw
 * text; otherwise, as Ollama does, the prompt (and `system`) through the model's chat template.
 */
export function planOllamaGenerate(body: OllamaGenerateRequest, model: LogprobModel): OllamaPlan {
  const prompt = body.prompt ?? "";
  if (body.raw === true || !model.capabilities.chat) {
    return plan(body, model, { prompt: (body.system ?? "") + prompt });
  }
  const messages: ChatMessage[] = [];
  if (body.system) messages.push({ role: "system", content: body.system });
  messages.push({ role: "user", content: prompt });
  return plan(body, model, { messages });
}

/** `/api/chat`: the messages through the model's chat template. */
export function planOllamaChat(body: OllamaChatRequest, model: LogprobModel): OllamaPlan {
  return plan(body, model, { messages: body.messages });
}
