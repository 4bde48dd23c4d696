/**
 * One streamed generation under a request's model slot: every token event goes to the caller as
 * it arrives, and the `done` event's result comes back. The streamed routes build their chunks
 * on top of it.
 */
import { generationResult, type TokenEvent } from "../core/generation-result.js";
import type { GenerateRequest, GenerateResult, LogprobModel } from "../core/model.js";
import type { ModelWork } from "./model-work.js";

export type { TokenEvent } from "../core/generation-result.js";

/**
 * Streams `request` from `model` with the work's signal, awaiting `onToken` for each token event
 * in order, and returns the result of the `done` event (events after it are not read). Throws
 * the request's cancellation reason when its signal fired (a model may end with "cancelled"
 * instead of throwing), and an error when the stream ended without a result.
 * Cost: one pass over the stream; holds no event.
 */
export async function streamGeneration(
  model: LogprobModel,
  request: Omit<GenerateRequest, "signal">,
  work: ModelWork,
  onToken: (event: TokenEvent) => Promise<void>,
): Promise<GenerateResult> {
  const result = await generationResult(model.stream({ ...request, signal: work.signal }), onToken).catch(
    (error: unknown) => {
      work.throwIfCancelled();
      throw error;
    },
  );
  work.throwIfCancelled();
  return result;
}
