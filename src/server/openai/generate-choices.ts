/**
 * The non-streamed answer of the OpenAI generation routes: every choice's request (a choice per
 * prompt and `n`) generated under one model slot, `model.capabilities.parallelRequests` at a time,
 * so that a local model packs them into shared decodes (lm-evaluation-harness sends its
 * loglikelihood prompts as one list).
 */
import type { Context } from "hono";
import { mapConcurrently } from "../../core/concurrency/map-concurrently.js";
import type { GenerateRequest, GenerateResult, LogprobModel } from "../../core/model.js";
import { withModelWork } from "../model-work.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/**
 * Generates `requests` with the request's signal, at most `parallelRequests` at once, and returns
 * the results in the same order; starts no more after the first failure or once the signal fired
 * (its typed reason is thrown). Cost: one generation per request; one slot held for all of them.
 */
export function generateChoices(
  c: Context<ServerEnv>,
  state: ServerState,
  model: LogprobModel,
  requests: readonly Omit<GenerateRequest, "signal">[],
): Promise<GenerateResult[]> {
  return withModelWork(c, state, async (work) => {
    const results = await mapConcurrently(
      requests,
      model.capabilities.parallelRequests ?? 1,
      (request) => model.generate({ ...request, signal: work.signal }),
      work.signal,
    ).catch((error: unknown) => {
      work.throwIfCancelled();
      throw error;
    });
    work.throwIfCancelled();
    return results;
  });
}
