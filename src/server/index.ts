/**
 * logprobe/server: an OpenAI-compatible HTTP server (Hono) over any {@link LogprobModel}, plus
 * logprobe's extension routes (`/v1/score`, `/v1/generate`, `/v1/branch`, `/v1/analyze`).
 * Runtime-neutral apart from static files; `node.ts` serves it on Node.
 */
export type { AppOptions } from "./app-options.js";
export { defaultAppLimits } from "./app-options.js";
export { createApp, type LogprobeApp } from "./create-app.js";
export type { OpenAIErrorBody } from "./openai-error.js";
export {
  AuthenticationError,
  ClientClosedError,
  QueueFullError,
  RequestTimeoutError,
  RequestTooLargeError,
  RouteNotFoundError,
  ShuttingDownError,
  UnknownModelError,
} from "./server-errors.js";
