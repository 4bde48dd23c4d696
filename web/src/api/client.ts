/**
 * HTTP client of the logprobe server (`logprobe serve`): JSON calls and Server-Sent Event
 * streams. Errors come back as {@link ServerError} carrying the server's
 * `{error: {message, type, param, code}}` fields, or a network message when nothing answered.
 */
import type {
  ChatMessage,
  GenerateEvent,
  GenerateResult,
  LogprobSequence,
  TokenLogprob,
} from "../../../src/core/index.js";
import { authorizationHeaders } from "./api-key.js";
import { SseParser } from "./sse.js";

/** An error reported by the server (or the network), with the server's structured fields. */
export class ServerError extends Error {
  /** HTTP status, or undefined when the request never got an answer. */
  readonly status: number | undefined;
  readonly type: string | undefined;
  /** The request field the error is about, when the server named one. */
  readonly param: string | undefined;
  readonly code: string | undefined;
  constructor(
    message: string,
    fields: { status?: number; type?: string; param?: string; code?: string } = {},
  ) {
    super(message);
    this.name = "ServerError";
    this.status = fields.status;
    this.type = fields.type;
    this.param = fields.param;
    this.code = fields.code;
  }
}

/** Model settings of a generate or branch request, as the form holds them. */
export interface GenerateSettings {
  maxTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  /** Sampling seed; undefined leaves it to the server. */
  seed: number | undefined;
  /** Number of alternatives per token. */
  topLogprobs: number;
  logprobsMode: "raw" | "processed";
}

/** What to generate from: a raw prompt, or chat messages. */
export type PromptInput = { prompt: string } | { messages: ChatMessage[] };

/** Body of `POST /v1/score` answers. */
export interface ScoreResponse {
  model: string;
  tokens: TokenLogprob[];
  perplexity: number;
  bits_per_byte: number;
  bos_conditioned: boolean;
}

/** Body of `POST /v1/analyze` answers. */
export interface AnalyzeResponse {
  format: string;
  sequence: LogprobSequence;
  summary?: unknown;
}

/** Body of a generate request in the server's snake_case shape. */
export function generateBody(input: PromptInput, settings: GenerateSettings): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...input,
    max_tokens: settings.maxTokens,
    temperature: settings.temperature,
    top_k: settings.topK,
    top_p: settings.topP,
    min_p: settings.minP,
    top_logprobs: settings.topLogprobs,
    logprobs_mode: settings.logprobsMode,
  };
  if (settings.seed !== undefined) body.seed = settings.seed;
  return body;
}

/** Turns a parsed error body (or anything else) into a ServerError. */
export function errorFromBody(body: unknown, status: number | undefined, fallback: string): ServerError {
  const error = (body as { error?: unknown } | null)?.error;
  if (error && typeof error === "object") {
    const fields = error as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    return new ServerError(text(fields.message) ?? fallback, {
      ...(status !== undefined ? { status } : {}),
      ...(text(fields.type) ? { type: text(fields.type)! } : {}),
      ...(text(fields.param) ? { param: text(fields.param)! } : {}),
      ...(text(fields.code) ? { code: text(fields.code)! } : {}),
    });
  }
  if (typeof error === "string") return new ServerError(error, status !== undefined ? { status } : {});
  return new ServerError(fallback, status !== undefined ? { status } : {});
}

/** Sends a request with the page session's API key (when one is stored). */
async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string> | undefined), ...authorizationHeaders() },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ServerError(
      `could not reach the logprobe server (${String((cause as Error).message ?? cause)})`,
    );
  }
  if (response.ok) return response;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const fallback = `${path} failed: HTTP ${response.status}${text ? ` ${text.slice(0, 200)}` : ""}`;
  throw errorFromBody(body, response.status, fallback);
}

/** POSTs JSON and returns the parsed JSON answer. */
export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await send(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return (await response.json()) as T;
}

/**
 * The content type of an analyze input: application/json when the text parses as JSON,
 * text/event-stream for an SSE capture (a line starting `data:`), else application/x-ndjson. The
 * server refuses text/plain (a type any web page may send cross-site).
 */
export function analyzeContentType(text: string): string {
  try {
    JSON.parse(text);
    return "application/json";
  } catch {
    return /^data:/m.test(text) ? "text/event-stream" : "application/x-ndjson";
  }
}

/**
 * POSTs text as it is (a file the user chose: JSON, NDJSON or an SSE capture) with its
 * {@link analyzeContentType} and returns the parsed JSON answer.
 */
export async function postText<T>(path: string, text: string, signal?: AbortSignal): Promise<T> {
  const response = await send(path, {
    method: "POST",
    headers: {
      "content-type": `${analyzeContentType(text)}; charset=utf-8`,
      accept: "application/json",
    },
    body: text,
    ...(signal ? { signal } : {}),
  });
  return (await response.json()) as T;
}

/** GETs JSON. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await send(path, {
    headers: { accept: "application/json" },
    ...(signal ? { signal } : {}),
  });
  return (await response.json()) as T;
}

/**
 * POSTs a request answered with Server-Sent Events of GenerateEvent JSON, calls `onEvent` for
 * each, and resolves with the `done` event's result. A `data: {"error": ...}` event rejects with
 * a ServerError; a stream that ends without `done` rejects too.
 */
export async function streamGenerate(
  path: string,
  body: unknown,
  onEvent: (event: GenerateEvent) => void,
  signal?: AbortSignal,
): Promise<GenerateResult> {
  const response = await send(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  if (!response.body) throw new ServerError(`${path}: the answer has no body`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  let result: GenerateResult | undefined;
  const handle = (data: string) => {
    if (data === "[DONE]") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new ServerError(`${path}: the server sent an event that is not JSON: ${data.slice(0, 120)}`);
    }
    if (parsed && typeof parsed === "object" && "error" in parsed) {
      throw errorFromBody(parsed, response.status, `${path}: generation failed`);
    }
    const event = parsed as GenerateEvent;
    if (event.type === "done") result = event.result;
    onEvent(event);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const event of parser.push(value)) handle(event.data);
  }
  for (const event of parser.end()) handle(event.data);
  if (!result) throw new ServerError(`${path}: the stream ended before the result arrived`);
  return result;
}
