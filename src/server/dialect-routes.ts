/** The routes of the dialects other than OpenAI, for the dialects switched on. */
import type { Hono } from "hono";
import type { DialectName } from "./dialects.js";
import { llamaCppRoutes } from "./llamacpp/llamacpp-routes.js";
import { ollamaRoutes } from "./ollama/ollama-routes.js";
import type { ServerEnv, ServerState } from "./server-state.js";
import { sglangGenerateRoute } from "./sglang/generate-route.js";
import { vllmTokenizerInfoRoute } from "./vllm/tokenizer-info-route.js";

type RouteFactory = (state: ServerState) => Hono<ServerEnv>;

const factories: Partial<Record<DialectName, RouteFactory>> = {
  ollama: ollamaRoutes,
  llamacpp: llamaCppRoutes,
  vllm: vllmTokenizerInfoRoute,
  sglang: sglangGenerateRoute,
};

/** Route factories of the switched-on dialects (OpenAI's routes are registered by createApp). */
export function dialectRoutes(dialects: readonly DialectName[]): RouteFactory[] {
  return dialects.flatMap((name) => factories[name] ?? []);
}
