/**
 * One entry point for every format: detects (or takes) the format and returns the normalised core
 * sequence. `parseLogprobsText` also reads SSE captures and NDJSON before that.
 */
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import { InvalidInputError } from "../core/errors.js";
import type { LogprobSequence } from "../core/types.js";
import { ChatCompletionStreamAccumulator } from "./chat-completion-stream-accumulator.js";
import { CompletionStreamAccumulator } from "./completion-stream-accumulator.js";
import { detectFormat } from "./detect-format.js";
import { FORMAT_NAMES, type FormatName, isFormatName } from "./format-name.js";
import { fromGeminiResponse } from "./gemini.js";
import { parseJsonText } from "./json-text.js";
import {
  fromLlamaServerCompletionProbabilities,
  fromLlamaServerCompletionResponse,
  fromLlamaServerCompletionStream,
} from "./llama-server-completion.js";
import { fromLlamaServerOpenAICompletionResponse } from "./llama-server-openai-completion.js";
import { fromOllamaResponse } from "./ollama.js";
import { fromOpenAIChatLogprobs, fromOpenAIChatResponse } from "./openai-chat.js";
import { fromOpenAICompletionLogprobs, fromOpenAICompletionResponse } from "./openai-completion.js";
import { fromOpenAIResponsesLogprobs, fromOpenAIResponsesResponse } from "./openai-responses.js";
import { ResponsesStreamAccumulator } from "./responses-stream-accumulator.js";
import { looksLikeSse, parseSseData } from "./sse-events.js";
import { parseWithSchema } from "./validate.js";
import { fromVllmResponse, VllmPromptLogprobsSchema, vllmPromptTokens } from "./vllm-prompt-logprobs.js";

/** A parsed input: its format and its normalised sequence. */
export interface ParsedLogprobs {
  format: FormatName;
  sequence: LogprobSequence;
}

function hasKey(json: unknown, key: string): boolean {
  return typeof json === "object" && json !== null && !Array.isArray(json) && key in json;
}

function asList(json: unknown): unknown[] {
  return Array.isArray(json) ? json : [json];
}

const parsers: Record<FormatName, (json: unknown) => LogprobSequence> = {
  "openai-completions": (json) =>
    hasKey(json, "choices")
      ? fromOpenAICompletionResponse(json)
      : fromOpenAICompletionLogprobs(json, { path: "" }),
  "openai-completions-stream": (json) => {
    const accumulator = new CompletionStreamAccumulator();
    for (const chunk of asList(json)) accumulator.push(chunk);
    return accumulator.sequence();
  },
  "openai-chat": (json) => {
    if (Array.isArray(json)) return fromOpenAIResponsesLogprobs(json, { path: "" });
    return hasKey(json, "choices")
      ? fromOpenAIChatResponse(json)
      : fromOpenAIChatLogprobs(json, { path: "" });
  },
  "openai-chat-stream": (json) => {
    const accumulator = new ChatCompletionStreamAccumulator();
    for (const chunk of asList(json)) accumulator.push(chunk);
    return accumulator.sequence();
  },
  "openai-responses": (json) =>
    Array.isArray(json) ? fromOpenAIResponsesLogprobs(json, { path: "" }) : fromOpenAIResponsesResponse(json),
  "openai-responses-stream": (json) => {
    const accumulator = new ResponsesStreamAccumulator();
    for (const event of asList(json)) accumulator.push(event);
    return accumulator.sequence();
  },
  "llama-server-completion": (json) => {
    if (!Array.isArray(json)) return fromLlamaServerCompletionResponse(json);
    return hasKey(json[0], "content")
      ? fromLlamaServerCompletionStream(json)
      : fromLlamaServerCompletionProbabilities(json, { path: "" });
  },
  "llama-server-v1-completions": (json) => fromLlamaServerOpenAICompletionResponse(json),
  vllm: (json) => {
    if (!Array.isArray(json)) return fromVllmResponse(json);
    const list = parseWithSchema(VllmPromptLogprobsSchema, json);
    const tokens = vllmPromptTokens(list, { path: "" });
    return normalizeSequence({
      tokens,
      text: tokens.map((token) => token.token).join(""),
      provenance: { source: "vllm", distribution: "top-k" },
    });
  },
  ollama: (json) => fromOllamaResponse(json),
  gemini: (json) => fromGeminiResponse(json),
};

/** Options of {@link parseLogprobs}. */
export interface ParseLogprobsOptions {
  /** Force a format instead of detecting it. */
  format?: FormatName;
}

/**
 * Parses a JSON value in any supported format (detected, or forced with `format`) into a
 * normalised core sequence. Throws `InvalidInputError` naming the JSON path of the first problem.
 * Cost: O(input size).
 */
export function parseLogprobs(json: unknown, options: ParseLogprobsOptions = {}): ParsedLogprobs {
  const format = options.format ?? detectFormat(json);
  return { format, sequence: parsers[format](json) };
}

/** Checks a user-given format name (e.g. a CLI flag); throws `InvalidInputError` naming `field`. */
export function toFormatName(value: string, field = "format"): FormatName {
  if (!isFormatName(value))
    throw new InvalidInputError(field, `unknown format "${value}"`, FORMAT_NAMES.join(", "));
  return value;
}

/**
 * Parses input text: an SSE capture (`data:` lines, as a streamed API answers), NDJSON (one JSON
 * object per line, as Ollama streams), or one JSON document; then {@link parseLogprobs}.
 * JSON syntax errors name the line and column.
 */
export function parseLogprobsText(text: string, options: ParseLogprobsOptions = {}): ParsedLogprobs {
  if (text.trim() === "")
    throw new InvalidInputError("input", "is empty", "a JSON document, NDJSON or an SSE capture");
  if (looksLikeSse(text)) return parseLogprobs(parseSseData(text), options);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const firstLine = (lines[0] ?? "").trim();
  const ndjson = lines.length > 1 && firstLine.startsWith("{") && firstLine.endsWith("}");
  if (ndjson) {
    let allParse = true;
    const values: unknown[] = [];
    for (const line of lines) {
      try {
        values.push(JSON.parse(line));
      } catch {
        allParse = false;
        break;
      }
    }
    if (allParse) return parseLogprobs(values, options);
  }
  return parseLogprobs(parseJsonText(text), options);
}
