/**
 * Typed errors shared by every layer. They carry structured fields; only the server's error
 * handler turns them into HTTP statuses and only the CLI's top level turns them into exit codes.
 */

/** Base class of every error logprobe throws on purpose. */
export class LogprobeError extends Error {
  /** Machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A request or option is outside its allowed range. `field` names it, `allowed` says what is. */
export class InvalidInputError extends LogprobeError {
  readonly field: string;
  readonly allowed?: string;
  constructor(field: string, message: string, allowed?: string) {
    super("invalid_input", message);
    this.field = field;
    if (allowed !== undefined) this.allowed = allowed;
  }
}

/** Logprob data that cannot be used (NaN, logprob > 0, ...). `position` is the token index. */
export class InvalidLogprobDataError extends LogprobeError {
  readonly position: number;
  readonly field: string;
  constructor(position: number, field: string, message: string) {
    super("invalid_logprob_data", `token ${position}: ${field}: ${message}`);
    this.position = position;
    this.field = field;
  }
}

/** The backend cannot do what was asked (e.g. prompt scoring on a chat-only API). */
export class UnsupportedError extends LogprobeError {
  readonly feature: string;
  constructor(feature: string, message: string) {
    super("unsupported", message);
    this.feature = feature;
  }
}

/** A model could not be found, downloaded or loaded. */
export class ModelLoadError extends LogprobeError {
  readonly model: string;
  constructor(model: string, message: string, options?: { cause?: unknown }) {
    super("model_load_failed", message, options);
    this.model = model;
  }
}

/** The operation was cancelled through an AbortSignal. */
export class CancelledError extends LogprobeError {
  constructor(message = "cancelled") {
    super("cancelled", message);
  }
}

/** The request is longer than the model's context allows. */
export class ContextOverflowError extends LogprobeError {
  readonly tokens: number;
  readonly contextSize: number;
  /** The request field that asked for too much (e.g. `max_tokens`); undefined for the prompt. */
  readonly field: string | undefined;
  constructor(tokens: number, contextSize: number, message?: string, field?: string) {
    super(
      "context_length_exceeded",
      message ?? `the request needs ${tokens} tokens but the model's context holds ${contextSize}`,
    );
    this.tokens = tokens;
    this.contextSize = contextSize;
    this.field = field;
  }
}

/** A call to a remote API failed. Fields follow vercel/ai's ApiCallError. */
export class ApiCallError extends LogprobeError {
  readonly url: string;
  readonly status: number | undefined;
  /** The first characters of the response body (never the request, which may hold keys). */
  readonly bodyExcerpt: string | undefined;
  readonly isRetryable: boolean;
  /** Wait the server asked for before the next attempt (`Retry-After`, in ms), when it said so. */
  readonly retryAfterMs: number | undefined;
  constructor(fields: {
    message: string;
    url: string;
    status?: number;
    bodyExcerpt?: string;
    isRetryable: boolean;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super("api_call_failed", fields.message, { cause: fields.cause });
    this.url = fields.url;
    this.status = fields.status;
    this.bodyExcerpt = fields.bodyExcerpt;
    this.isRetryable = fields.isRetryable;
    this.retryAfterMs = fields.retryAfterMs;
  }
}
