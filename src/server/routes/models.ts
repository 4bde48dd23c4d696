/** `GET /v1/models` and `GET /v1/models/:model`: the served models in OpenAI's list shape. */
import { Hono } from "hono";
import type { LogprobModel } from "../../core/model.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** One model object. `context_length` and `capabilities` are extensions. */
export function modelObject(model: LogprobModel, created: number) {
  return {
    id: model.id,
    object: "model" as const,
    created,
    owned_by: model.source,
    ...(model.contextSize !== undefined ? { context_length: model.contextSize } : {}),
    capabilities: model.capabilities,
  };
}

/** The models routes. */
export function modelsRoute(state: ServerState): Hono<ServerEnv> {
  const created = Math.floor(Date.now() / 1000);
  return new Hono<ServerEnv>()
    .get("/v1/models", (c) =>
      c.json({ object: "list", data: state.registry.models.map((model) => modelObject(model, created)) }),
    )
    .get("/v1/models/:model{.+}", (c) =>
      c.json(modelObject(state.registry.resolve(c.req.param("model")), created)),
    );
}
