/**
 * `GET /health`: liveness, the served models, the evaluator and device behind each local model
 * (native or node-llama-cpp's path, cpu/cuda/vulkan/metal, CPU kernels) and the queue's load;
 * 503 while shutting down.
 */
import { Hono } from "hono";
import type { LogprobModel } from "../../core/model.js";
import { constantTimeEqual } from "../auth.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/** A model's prompt-cache counters in snake case, when it has a prompt cache. */
function promptCacheOf(model: LogprobModel): { prompt_cache?: Record<string, number> } {
  const stats = model.promptCacheStats?.();
  if (!stats) return {};
  return {
    prompt_cache: {
      budget_tokens: stats.budgetTokens,
      retained_tokens: stats.retainedTokens,
      hits: stats.hits,
      misses: stats.misses,
      reused_tokens: stats.reusedTokens,
      evaluated_tokens: stats.evaluatedTokens,
    },
  };
}

/** True when the server has an API key and the request does not carry it. */
function withoutKey(state: ServerState, header: string | undefined): boolean {
  const key = state.options.apiKey;
  if (key === undefined) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? "");
  return !match?.[1] || !constantTimeEqual(match[1].trim(), key);
}

/**
 * The health route. It needs no API key, so that load balancers and `batch`'s failover can probe
 * it; but with `--api-key` set, a request without the key gets only the status (no model names,
 * devices or CPU features).
 */
export function healthRoute(state: ServerState): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/health", (c) =>
    withoutKey(state, c.req.header("authorization"))
      ? c.json({ status: state.draining ? "shutting_down" : "ok" }, state.draining ? 503 : 200)
      : c.json(
          {
            status: state.draining ? "shutting_down" : "ok",
            models: state.registry.ids,
            evaluators: state.registry.models.map((model) => ({
              model: model.id,
              source: model.source,
              ...(model.evaluator
                ? {
                    evaluator: model.evaluator.name,
                    device: model.evaluator.device,
                    ...(model.evaluator.cpuKernels ? { cpu_kernels: model.evaluator.cpuKernels } : {}),
                    ...(model.evaluator.instructionSets
                      ? { instruction_sets: model.evaluator.instructionSets }
                      : {}),
                    ...(model.evaluator.fallbackReason
                      ? { fallback_reason: model.evaluator.fallbackReason }
                      : {}),
                    ...(model.evaluator.gpuUnused ? { gpu_unused: model.evaluator.gpuUnused } : {}),
                  }
                : {}),
              ...promptCacheOf(model),
            })),
            active: state.queue.active,
            queued: state.queue.queued,
            max_concurrent: state.queue.maxConcurrent,
            max_queue: state.queue.maxQueue,
          },
          state.draining ? 503 : 200,
        ),
  );
}
