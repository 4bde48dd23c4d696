/**
 * Ollama's model information routes (api/types.go: ListResponse, ShowResponse, ProcessResponse):
 * `GET /api/tags` and `GET /api/ps` list the served models (all loaded, all running), `POST
 * /api/show` describes one, `GET /api/version` names the Ollama API level served. Fields this
 * server does not know (file size, digest, parameter count) are left out, as Ollama's `omitempty`
 * allows, rather than invented.
 */
import { Hono } from "hono";
import type { LogprobModel } from "../../core/model.js";
import { readJson } from "../read-json.js";
import type { ServerEnv, ServerState } from "../server-state.js";
import { ollamaShowSchema } from "./ollama-request.js";
import { ollamaModelName, resolveOllamaModel } from "./resolve-ollama-model.js";

/**
 * The Ollama release whose API this dialect follows: v0.12.11 added `logprobs` and
 * `top_logprobs` (PR #12899). Clients that gate logprobs on the server's version read this.
 */
export const OLLAMA_API_VERSION = "0.12.11";

/** Ollama's capability names of a model (`completion`, plus `thinking`/`tools` never here). */
function capabilities(model: LogprobModel): string[] {
  return model.capabilities.textPrompt || model.capabilities.chat ? ["completion"] : [];
}

function details(model: LogprobModel) {
  return model.source === "engine" ? { format: "gguf" } : {};
}

function listed(model: LogprobModel, modifiedAt: string) {
  const name = ollamaModelName(model);
  return { name, model: name, modified_at: modifiedAt, details: details(model) };
}

/** The model information routes. */
export function ollamaModelRoutes(state: ServerState): Hono<ServerEnv> {
  const modifiedAt = new Date().toISOString();
  return new Hono<ServerEnv>()
    .get("/api/version", (c) => c.json({ version: OLLAMA_API_VERSION }))
    .get("/api/tags", (c) =>
      c.json({ models: state.registry.models.map((model) => listed(model, modifiedAt)) }),
    )
    .get("/api/ps", (c) =>
      c.json({
        models: state.registry.models.map((model) => ({
          ...listed(model, modifiedAt),
          ...(model.contextSize !== undefined ? { context_length: model.contextSize } : {}),
        })),
      }),
    )
    .post("/api/show", async (c) => {
      const body = await readJson(c, ollamaShowSchema);
      const model = resolveOllamaModel(state.registry, body.model ?? body.name ?? "");
      return c.json({
        details: details(model),
        model_info: model.contextSize !== undefined ? { "general.context_length": model.contextSize } : {},
        capabilities: capabilities(model),
        modified_at: modifiedAt,
      });
    });
}
