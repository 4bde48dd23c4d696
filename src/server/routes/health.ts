/** `GET /health`: liveness, the served models and the queue's load; 503 while shutting down. */
import { Hono } from "hono";
import type { ServerEnv, ServerState } from "../server-state.js";

/** The health route (needs no API key). */
export function healthRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/health", (c) =>
    c.json(
      {
        status: state.draining ? "shutting_down" : "ok",
        models: state.registry.ids,
        active: state.queue.active,
        queued: state.queue.queued,
        max_concurrent: state.queue.maxConcurrent,
        max_queue: state.queue.maxQueue,
      },
      state.draining ? 503 : 200,
    ),
  );
}
