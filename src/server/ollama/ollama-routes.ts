/** The Ollama dialect: generation (`/api/generate`, `/api/chat`) and model information routes. */
import { Hono } from "hono";
import type { ServerEnv, ServerState } from "../server-state.js";
import { ollamaGenerationRoutes } from "./ollama-generation-routes.js";
import { ollamaModelRoutes } from "./ollama-model-routes.js";

/** Every Ollama route. */
export function ollamaRoutes(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().route("/", ollamaGenerationRoutes(state)).route("/", ollamaModelRoutes(state));
}
