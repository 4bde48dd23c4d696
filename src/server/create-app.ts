/**
 * The server factory: an OpenAI-compatible Hono app (plus logprobe's extension routes) over one or
 * more {@link LogprobModel}s. It never imports the engine or providers; the caller builds the
 * models. Serve it with `startServer` (node.ts) or call `app.request()` in tests.
 */
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type AppOptions, resolveAppOptions } from "./app-options.js";
import { bearerAuth } from "./auth.js";
import { corsMiddleware } from "./cors.js";
import { dialectErrorBody } from "./dialect-error-body.js";
import { dialectRoutes } from "./dialect-routes.js";
import { isApiPath } from "./dialects.js";
import { localOriginGuard } from "./local-origin-guard.js";
import { ModelRegistry } from "./model-registry.js";
import { toHttpError } from "./openai-error.js";
import { limitRequestBody } from "./request-body.js";
import { loggablePath, requestLog } from "./request-log.js";
import { RequestQueue } from "./request-queue.js";
import { requireJsonContentType } from "./require-json-content-type.js";
import { analyzeRoute } from "./routes/analyze.js";
import { branchRoute } from "./routes/branch.js";
import { chatCompletionsRoute } from "./routes/chat-completions.js";
import { chooseRoute } from "./routes/choose.js";
import { classifyRoute } from "./routes/classify.js";
import { compareRoute } from "./routes/compare.js";
import { completionsRoute } from "./routes/completions.js";
import { detectRoute } from "./routes/detect.js";
import { detokenizeRoute } from "./routes/detokenize.js";
import { generateRoute } from "./routes/generate.js";
import { healthRoute } from "./routes/health.js";
import { modelsRoute } from "./routes/models.js";
import { responsesRoute } from "./routes/responses.js";
import { scoreRoute } from "./routes/score.js";
import { staticRoute } from "./routes/static.js";
import { tokenizeRoute } from "./routes/tokenize.js";
import { RouteNotFoundError } from "./server-errors.js";
import type { ServerEnv, ServerState } from "./server-state.js";

/** The app, plus what a host needs to stop it gracefully. */
export type LogprobeApp = Hono<ServerEnv> & {
  /** Shared state (queue load, draining flag); read-only for callers. */
  readonly state: ServerState;
  /**
   * Stops taking new work (503), waits up to `graceMs` for requests in flight to finish, then
   * cancels the rest and waits for them to wind down. Resolves when nothing is in flight.
   */
  drain(graceMs: number): Promise<void>;
};

async function settleWithin(promises: Iterable<Promise<void>>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled([...promises]),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** Builds the app. Throws RangeError for an invalid option (a programming error, not user input). */
export function createApp(options: AppOptions): LogprobeApp {
  const resolved = resolveAppOptions(options);
  const state: ServerState = {
    options: resolved,
    registry: new ModelRegistry(resolved.models),
    queue: new RequestQueue(resolved),
    shutdown: new AbortController(),
    draining: false,
    inflight: new Set(),
  };
  const app = new Hono<ServerEnv>();
  app.use(requestLog(resolved.log));
  // CORS before authentication: a browser's preflight carries no key.
  if (resolved.corsOrigins.length > 0) app.use(corsMiddleware(resolved.corsOrigins));
  // Without a key, only this machine's names and pages (cross-site requests, DNS rebinding).
  // The origins `--cors` names are pages the user chose to let in.
  if (resolved.apiKey === undefined) {
    const allowedOrigins = [...resolved.allowedOrigins, ...resolved.corsOrigins];
    app.use(localOriginGuard({ ...resolved, allowedOrigins }));
  }
  // Authentication first: a client without the key gets 401 before its body is read.
  if (resolved.apiKey !== undefined) {
    const auth = bearerAuth(resolved.apiKey);
    app.use((c, next) => (isApiPath(c.req.path) && c.req.path !== "/health" ? auth(c, next) : next()));
  }
  app.use(requireJsonContentType());
  app.use(limitRequestBody(resolved.maxBodyBytes));
  const openai = resolved.dialects.includes("openai");
  for (const route of [
    healthRoute,
    ...(openai ? [modelsRoute, completionsRoute, chatCompletionsRoute, responsesRoute] : []),
    ...dialectRoutes(resolved.dialects),
    tokenizeRoute,
    detokenizeRoute,
    scoreRoute,
    generateRoute,
    branchRoute,
    analyzeRoute,
    classifyRoute,
    chooseRoute,
    compareRoute,
    detectRoute,
  ]) {
    app.route("/", route(state));
  }
  app.route("/", staticRoute(resolved.webRoot));
  app.notFound((c) => {
    const translated = toHttpError(new RouteNotFoundError(c.req.method, c.req.path));
    return c.json(dialectErrorBody(c.req.path, translated), 404);
  });
  app.onError((error, c) => {
    const translated = toHttpError(
      error,
      c.get("record")?.promptParam ?? null,
      c.get("record")?.fieldRenames,
    );
    if (translated.status >= 500 && translated.status !== 503 && translated.status !== 504) {
      resolved.log(
        `internal error on ${c.req.method} ${loggablePath(c.req.url)}: ${error instanceof Error ? error.stack : String(error)}`,
      );
    }
    return c.json(
      dialectErrorBody(c.req.path, translated),
      translated.status as ContentfulStatusCode,
      translated.headers,
    );
  });
  const drain = async (graceMs: number) => {
    state.draining = true;
    await settleWithin(state.inflight, graceMs);
    if (state.inflight.size > 0) {
      state.shutdown.abort();
      await settleWithin(state.inflight, 5_000);
    }
  };
  return Object.assign(app, { state, drain });
}
