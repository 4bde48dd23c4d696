/**
 * The llama.cpp server dialect: `/completion` (`/completions`), `/props`, `/slots`. Its `/tokenize`
 * (with `with_pieces`) and `/detokenize` are the shared routes in routes/tokenize.ts and
 * routes/detokenize.ts, which also answer vLLM's field names.
 */
import { Hono } from "hono";
import type { ServerEnv, ServerState } from "../server-state.js";
import { llamaCppCompletionRoute } from "./completion-route.js";
import { llamaCppServerInfoRoutes } from "./server-info-routes.js";

/** Every llama.cpp route of this dialect. */
export function llamaCppRoutes(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>()
    .route("/", llamaCppCompletionRoute(state))
    .route("/", llamaCppServerInfoRoutes(state));
}
