/**
 * Chooses each generated token from the raw next-token distribution and reports its numbers under
 * the requested distribution.
 *
 * - Greedy (temperature 0 or absent) without a repeat penalty needs only the position's argmax and
 *   top-k; every other setting needs the full distribution (`needsFullDistribution`).
 * - `raw` mode reports the model's own distribution; `processed` mode reports the distribution
 *   actually sampled from: core's sampling transforms applied to the raw one (a point mass on the
 *   chosen token when decoding greedily).
 */
import { entropy } from "../core/math/entropy.js";
import type { LogprobsMode, ModelWarning } from "../core/model.js";
import type { SamplingSettings } from "../core/types.js";
import { type PositionStats, topKOfLogprobs } from "./position-stats.js";
import { createSampler, type Sampler } from "./sampler.js";
import type { TokenNumbers } from "./token-records.js";

/** Settings of one generation. */
export interface ChooserSettings {
  sampling: SamplingSettings;
  mode: LogprobsMode;
  /** Top alternatives reported per token. */
  topK: number;
}

/** One chosen token and its numbers. */
export interface TokenChoice {
  id: number;
  numbers: TokenNumbers;
  warnings: ModelWarning[];
  /** Set (the reason) when a custom sampler stopped generation; `id` is then not a token. */
  stop?: string;
}

/** Chooses tokens for one generation (stateful: holds the seeded random source). */
export interface TokenChooser {
  /** True when positions must be evaluated with `full: true`. */
  readonly needsFullDistribution: boolean;
  /** Settings for `Provenance.sampling`, including the seed actually used when sampling. */
  readonly sampling: SamplingSettings;
  /** Chooses the next token (or takes `forced`) given the raw statistics and the tokens so far. */
  choose(stats: PositionStats, history: readonly number[], forced?: number): TokenChoice;
}

/** 1 + the number of entries strictly greater than the entry at `id`. O(V). */
function rankIn(logprobs: Float64Array, id: number): number {
  const value = logprobs[id] ?? Number.NEGATIVE_INFINITY;
  let rank = 1;
  for (let index = 0; index < logprobs.length; index++) if (logprobs[index]! > value) rank++;
  return rank;
}

function rawNumbers(stats: PositionStats, id: number): TokenNumbers {
  if (id === stats.argmax.id) {
    return { logprob: stats.argmax.logprob, top: stats.top, entropy: stats.entropy, rank: 1 };
  }
  const logprobs = stats.logprobs;
  if (!logprobs) throw new Error("internal: the full distribution was not evaluated");
  return { logprob: logprobs[id]!, top: stats.top, entropy: stats.entropy, rank: rankIn(logprobs, id) };
}

/** Creates the chooser of one generation. */
export function createTokenChooser(settings: ChooserSettings): TokenChooser {
  const sampler: Sampler = createSampler(settings.sampling);
  const greedyRaw = sampler.greedy && !sampler.transformsDistribution;
  const needsFull = !greedyRaw || settings.mode === "processed";
  const chooser: TokenChooser = {
    needsFullDistribution: needsFull,
    sampling: sampler.settings,
    choose(stats, history, forced) {
      const warnings: ModelWarning[] = [];
      if (greedyRaw && settings.mode === "raw" && (forced === undefined || forced === stats.argmax.id)) {
        return { id: stats.argmax.id, numbers: rawNumbers(stats, stats.argmax.id), warnings };
      }
      const raw = stats.logprobs;
      if (!raw) throw new Error("internal: the full distribution was not evaluated");
      const step = sampler.step(raw, history);
      const id = forced ?? step.chosen;
      if (settings.mode === "raw") return { id, numbers: rawNumbers(stats, id), warnings };
      const processed = step.processed;
      const logprob = processed[id] ?? Number.NEGATIVE_INFINITY;
      if (logprob === Number.NEGATIVE_INFINITY) {
        warnings.push({
          code: "forced-token-outside-distribution",
          field: "forcedToken",
          message:
            "a forced token lies outside the processed distribution (probability 0 after the sampling transforms); its logprob is reported as null",
        });
      }
      return {
        id,
        numbers: {
          logprob: logprob === Number.NEGATIVE_INFINITY ? null : logprob,
          top: topKOfLogprobs(processed, settings.topK),
          entropy: entropy(processed),
          rank: rankIn(processed, id),
        },
        warnings,
      };
    },
  };
  return chooser;
}
