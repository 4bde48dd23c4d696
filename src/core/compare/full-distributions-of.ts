/** Which models compare and detect read exactly: those that declare full distributions. */
import type { LogprobModel } from "../model.js";
import type { FullDistributionSource } from "./full-distributions.js";

/**
 * The model's full-distribution source when it declares `capabilities.fullDistributions` and has
 * one, else undefined (the caller falls back to top-k logprobs). O(1).
 */
export function fullDistributionsOf(model: LogprobModel): FullDistributionSource | undefined {
  return model.capabilities.fullDistributions ? model.fullDistributions : undefined;
}
