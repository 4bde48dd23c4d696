/**
 * The one way to read a generation stream to its end: token events go to the caller in order,
 * the `done` event's result comes back.
 */
import type { GenerateEvent, GenerateResult } from "./model.js";

/** A token event of a generation stream. */
export type TokenEvent = Extract<GenerateEvent, { type: "token" }>;

/**
 * Reads `events` up to the `done` event, awaiting `onToken` for each token event before reading
 * the next, and returns the done event's result (events after it are not read).
 * Cost: one pass over the stream; holds no event.
 *
 * @throws {Error} when the stream ends without a `done` event
 */
export async function generationResult(
  events: AsyncIterable<GenerateEvent>,
  onToken?: (event: TokenEvent) => void | Promise<void>,
): Promise<GenerateResult> {
  for await (const event of events) {
    if (event.type === "done") return event.result;
    await onToken?.(event);
  }
  throw new Error("the model's stream ended without a result");
}
