/**
 * Errors that only the HTTP server raises (routing, auth, limits, queueing). Like every typed error
 * they carry structured fields; `error-handler.ts` is the one place that turns them into statuses.
 */
import { LogprobeError } from "../core/errors.js";

/** The request names a model this server does not serve. */
export class UnknownModelError extends LogprobeError {
  readonly model: string;
  readonly available: readonly string[];
  /** The request field that named it (`model`, or compare's `base`, detect's `performer`, ...). */
  readonly field: string;
  constructor(model: string, available: readonly string[], field = "model") {
    super(
      "model_not_found",
      `The model \`${model}\`${field === "model" ? "" : ` (${field})`} does not exist on this server (available: ${available.join(", ")})`,
    );
    this.model = model;
    this.available = available;
    this.field = field;
  }
}

/** No route matches the method and path. */
export class RouteNotFoundError extends LogprobeError {
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string) {
    super("unknown_url", `Invalid URL (${method} ${path})`);
    this.method = method;
    this.path = path;
  }
}

/** The bearer key is missing or wrong. */
export class AuthenticationError extends LogprobeError {
  constructor(message: string) {
    super("invalid_api_key", message);
  }
}

/** The request body is larger than the server accepts. */
export class RequestTooLargeError extends LogprobeError {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super("request_too_large", `The request body is larger than this server's limit of ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}

/** Every generation slot is busy and the waiting queue is full. */
export class QueueFullError extends LogprobeError {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  constructor(maxConcurrent: number, maxQueue: number) {
    super(
      "rate_limit_exceeded",
      `The server is busy: ${maxConcurrent} requests running and ${maxQueue} waiting (the queue's limit); retry shortly`,
    );
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
  }
}

/** The request ran past the server's per-request time limit. */
export class RequestTimeoutError extends LogprobeError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super("request_timeout", `The request took longer than this server's limit of ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The server is shutting down and takes no new work (or cancelled the request while stopping). */
export class ShuttingDownError extends LogprobeError {
  constructor() {
    super("server_shutting_down", "The server is shutting down");
  }
}

/** The client went away; the request was cancelled and nobody reads the answer. */
export class ClientClosedError extends LogprobeError {
  constructor() {
    super("client_closed_request", "The client closed the connection");
  }
}

/** A keyless server got a request for a host name other than loopback or an allowed one. */
export class ForbiddenHostError extends LogprobeError {
  readonly host: string;
  constructor(host: string) {
    super(
      "host_not_allowed",
      `This server has no API key, so it answers only requests for localhost, 127.0.0.1 or [::1], not for the host '${host}' (start it with --allow-host ${host} to accept that name, or with --api-key)`,
    );
    this.host = host;
  }
}

/** A keyless server got a browser request from a page of another origin. */
export class ForbiddenOriginError extends LogprobeError {
  readonly origin: string;
  constructor(origin: string) {
    super(
      "origin_not_allowed",
      `This server has no API key, so it answers only pages served from this machine, not from the origin '${origin}'`,
    );
    this.origin = origin;
  }
}

/** A request body came with a content type other than JSON (or an accepted text format). */
export class UnsupportedContentTypeError extends LogprobeError {
  readonly contentType: string;
  readonly allowed: readonly string[];
  constructor(contentType: string, allowed: readonly string[]) {
    super(
      "unsupported_media_type",
      `The request's Content-Type must be ${allowed.join(" or ")}, got ${contentType === "" ? "none" : `'${contentType}'`}`,
    );
    this.contentType = contentType;
    this.allowed = allowed;
  }
}
