import { InvalidInputError } from "../errors.js";
import type { SamplerCandidate, SamplerStepInput, TokenSampler } from "../model.js";
import { descendingOrder } from "./sampling-candidates.js";

/** What one call of a {@link TokenSampler} decided, checked. */
export type TokenSamplerOutcome =
  | { stop: false; id: number; candidate: SamplerCandidate }
  | { stop: true; reason: string };

/**
 * Builds a sampler's candidate list from a logprob vector indexed by token id: every token with a
 * non-zero probability, most probable first (ties keep id order). Token text is decoded lazily
 * through `textOf`, so a sampler that reads only ids and logprobs pays nothing for it.
 *
 * Cost: O(V) (a radix sort, see `descendingOrder`) and one small object per kept token.
 *
 * @param logprobs logprobs (nats) indexed by token id; `-Infinity` = removed
 * @param textOf decodes a token id to its text
 */
export function samplerCandidates(
  logprobs: ArrayLike<number>,
  textOf: (id: number) => string,
): SamplerCandidate[] {
  const order = descendingOrder(logprobs);
  const candidates: SamplerCandidate[] = [];
  for (const id of order) {
    const logprob = logprobs[id] as number;
    if (logprob === Number.NEGATIVE_INFINITY) break;
    let text: string | undefined;
    candidates.push({
      id,
      logprob,
      get token() {
        text ??= textOf(id);
        return text;
      },
    });
  }
  return candidates;
}

/**
 * Calls a custom sampler for one step and checks its decision: an integer index into
 * `input.candidates`, or `{stop: true}`.
 *
 * Cost: one sampler call.
 *
 * @throws {InvalidInputError} (field `sampler`) when the sampler returns anything else, naming the
 *   allowed range of indices; errors the sampler throws propagate unchanged
 */
export function runTokenSampler(sampler: TokenSampler, input: SamplerStepInput): TokenSamplerOutcome {
  const decision = sampler(input);
  const last = input.candidates.length - 1;
  if (typeof decision === "object" && decision !== null && decision.stop === true) {
    return {
      stop: true,
      reason: typeof decision.reason === "string" ? decision.reason : "the sampler stopped",
    };
  }
  if (typeof decision !== "number" || !Number.isInteger(decision) || decision < 0 || decision > last) {
    throw new InvalidInputError(
      "sampler",
      `the sampler returned ${typeof decision === "object" ? JSON.stringify(decision) : String(decision)} at step ${input.index}; it must return an index from 0 to ${last} or {stop: true}`,
      `an index from 0 to ${last} into the candidates, or {stop: true}`,
    );
  }
  const candidate = input.candidates[decision] as SamplerCandidate;
  return { stop: false, id: candidate.id, candidate };
}
