/**
 * OpenAI's error shape, `{"error": {"message", "type", "param", "code"}}`, and the mapping from
 * every typed error to an HTTP status. This is the only place where errors become statuses.
 */
import {
  ApiCallError,
  CancelledError,
  ContextOverflowError,
  InvalidInputError,
  InvalidLogprobDataError,
  ModelLoadError,
  UnsupportedError,
} from "../core/errors.js";
import {
  AuthenticationError,
  ClientClosedError,
  ForbiddenHostError,
  ForbiddenOriginError,
  QueueFullError,
  RequestTimeoutError,
  RequestTooLargeError,
  RouteNotFoundError,
  ShuttingDownError,
  UnknownModelError,
  UnsupportedContentTypeError,
} from "./server-errors.js";
import { wireFieldName } from "./wire-field-name.js";

/** The body of every error response. */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: string;
    /** The request field at fault (a JSON path such as `messages[0].role`), or null. */
    param: string | null;
    code: string | null;
  };
}

/** An error translated for the wire: status, body and extra headers. */
export interface HttpErrorResponse {
  status: number;
  body: OpenAIErrorBody;
  headers: Record<string, string>;
}

function body(message: string, type: string, param: string | null, code: string | null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

function paramOf(field: string, renames?: Readonly<Record<string, string>>): string | null {
  return field === "(root)" || field === "" ? null : wireFieldName(field, renames);
}

/**
 * `message` with the core field name written as `param`: the whole name, and for a top-level
 * param also its last segment (`topK` for `top_k`). A nested param's last segment is often a
 * plain word ("schema"), so there only the whole name is replaced.
 */
function withWireName(message: string, field: string, param: string): string {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const last =
    field
      .split(".")
      .filter((segment) => !/^\d+$/.test(segment))
      .at(-1) ?? field;
  const nested = param.replace(/\[\d+\]/g, "").includes(".");
  const names = (nested ? [field] : [field, `${last}[]`, last]).map(literal).join("|");
  return message.replace(new RegExp(`(?<![\\w.\\[])(?:${names})(?![\\w\\[])`, "g"), param);
}

/**
 * Maps any thrown value to a status and an OpenAI-shaped body. `promptParam` names the request
 * field that holds the prompt (`prompt`, `messages`, `input`) for context-length errors. A field
 * a model named in core terms (`sampling.topK`) is given in the request's spelling (`top_k`, see
 * wire-field-name.ts; `fieldRenames` from the route). Unknown errors become 500 with a generic
 * message (the details go to the log, not the client).
 */
export function toHttpError(
  error: unknown,
  promptParam: string | null = null,
  fieldRenames?: Readonly<Record<string, string>>,
): HttpErrorResponse {
  const plain = (status: number, value: OpenAIErrorBody, headers: Record<string, string> = {}) => ({
    status,
    body: value,
    headers,
  });
  if (error instanceof InvalidInputError) {
    const param = paramOf(error.field, fieldRenames);
    let message =
      error.allowed && !error.message.includes(error.allowed)
        ? `${error.message} (allowed: ${error.allowed})`
        : error.message;
    if (param !== null && param !== error.field) message = withWireName(message, error.field, param);
    if (param !== null && !message.startsWith(param)) message = `Invalid '${param}': ${message}`;
    return plain(400, body(message, "invalid_request_error", param, "invalid_value"));
  }
  if (error instanceof InvalidLogprobDataError) {
    return plain(400, body(error.message, "invalid_request_error", paramOf(error.field), error.code));
  }
  if (error instanceof ContextOverflowError) {
    return plain(
      400,
      body(error.message, "invalid_request_error", error.field ?? promptParam, "context_length_exceeded"),
    );
  }
  if (error instanceof UnsupportedError) {
    return plain(400, body(error.message, "invalid_request_error", error.feature, "unsupported"));
  }
  if (error instanceof AuthenticationError) {
    return plain(401, body(error.message, "invalid_request_error", null, error.code), {
      "WWW-Authenticate": 'Bearer realm="logprobe"',
    });
  }
  if (error instanceof ForbiddenHostError || error instanceof ForbiddenOriginError) {
    return plain(403, body(error.message, "invalid_request_error", null, error.code));
  }
  if (error instanceof UnsupportedContentTypeError) {
    return plain(415, body(error.message, "invalid_request_error", null, error.code));
  }
  if (error instanceof UnknownModelError) {
    return plain(404, body(error.message, "invalid_request_error", error.field, error.code));
  }
  if (error instanceof RouteNotFoundError) {
    return plain(404, body(error.message, "invalid_request_error", null, error.code));
  }
  if (error instanceof RequestTooLargeError) {
    return plain(413, body(error.message, "invalid_request_error", null, error.code));
  }
  if (error instanceof QueueFullError) {
    return plain(429, body(error.message, "requests", null, error.code), { "Retry-After": "1" });
  }
  if (error instanceof RequestTimeoutError) {
    return plain(504, body(error.message, "timeout_error", null, error.code));
  }
  if (error instanceof ShuttingDownError) {
    return plain(503, body(error.message, "server_error", null, error.code), { Connection: "close" });
  }
  if (error instanceof ClientClosedError || error instanceof CancelledError) {
    return plain(499, body(error.message, "invalid_request_error", null, error.code));
  }
  if (error instanceof ModelLoadError) {
    return plain(503, body(error.message, "server_error", null, error.code));
  }
  if (error instanceof ApiCallError) {
    const status = error.status === 429 ? 429 : 502;
    return plain(
      status,
      body(`upstream API call failed: ${error.message}`, "upstream_error", null, error.code),
    );
  }
  return plain(
    500,
    body("The server had an internal error while processing the request", "server_error", null, null),
  );
}
