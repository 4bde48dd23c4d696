/**
 * The non-streamed answer of the OpenAI generation routes: every choice's request generated in
 * turn under one model slot (a choice per prompt and `n`, one after another, as the streamed
 * answer sends them).
 */
import type { Context } from "hono";
import type { GenerateRequest, GenerateResult, LogprobModel } from "../../core/model.js";
import { withModelWork } from "../model-work.js";
import type { ServerEnv, ServerState } from "../server-state.js";

/**
 * Generates each of `requests` in order with the request's signal and returns the results in the
 * same order; stops at the first failure or as soon as the signal fired (its typed reason is
 * thrown). Cost: one generation after another; one slot held for all of them.
 */
export function generateChoices(
  c: Context<ServerEnv>,
  state: ServerState,
  model: LogprobModel,
  requests: readonly Omit<GenerateRequest, "signal">[],
): Promise<GenerateResult[]> {
  return withModelWork(c, state, async (work) => {
    const results: GenerateResult[] = [];
    for (const request of requests) {
      results.push(await model.generate({ ...request, signal: work.signal }));
      work.throwIfCancelled();
    }
    return results;
  });
}
