/**
 * The token chooser of a generation with a custom {@link TokenSampler} (`GenerateRequest.sampler`):
 * at each non-forced step it offers the raw distribution to the sampler (most probable first, token
 * text decoded lazily), seeded from `sampling.seed` (a fresh seed, recorded in the provenance, when
 * absent), and either takes the chosen token or stops generation. Logprobs are reported under the
 * raw distribution; other sampling settings are ignored with a warning.
 */
import type { LogprobsMode, ModelWarning, TokenSampler } from "../core/model.js";
import { createRandom } from "../core/sampling/create-random.js";
import { runTokenSampler, samplerCandidates } from "../core/sampling/custom-sampler-step.js";
import type { SamplingSettings } from "../core/types.js";
import type { TokenChooser } from "./next-token-chooser.js";
import type { PositionStats } from "./position-stats.js";
import type { TokenBytes } from "./token-bytes.js";
import { tokenText } from "./token-records.js";

/** Settings of a generation with a custom sampler. */
export interface SamplerChooserSettings {
  sampler: TokenSampler;
  sampling: SamplingSettings;
  mode: LogprobsMode;
  bytesOf: TokenBytes;
}

/** 1 + the number of entries strictly greater than the entry at `id`. O(V). */
function rankIn(logprobs: Float64Array, id: number): number {
  const value = logprobs[id] ?? Number.NEGATIVE_INFINITY;
  let rank = 1;
  for (let index = 0; index < logprobs.length; index++) if ((logprobs[index] as number) > value) rank++;
  return rank;
}

/** A fresh 32-bit seed for a request that gave none. */
function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] as number;
}

/**
 * Creates the chooser of one generation with a custom sampler. Warnings about ignored settings are
 * pushed to `warnings` once, at creation. Cost per step: O(V) to sort the candidates, plus the
 * sampler's own cost.
 */
export function createSamplerChooser(
  settings: SamplerChooserSettings,
  warnings: ModelWarning[],
): TokenChooser {
  const { sampler, sampling } = settings;
  const seed = sampling.seed ?? freshSeed();
  const random = createRandom(seed);
  for (const key of Object.keys(sampling) as (keyof SamplingSettings)[]) {
    if (key === "seed" || sampling[key] === undefined) continue;
    warnings.push({
      code: "unsupported-option",
      field: `sampling.${key}`,
      message: `sampling.${key} is ignored: the custom sampler chooses every token (only sampling.seed is used)`,
    });
  }
  if (settings.mode === "processed") {
    warnings.push({
      code: "unsupported-option",
      field: "logprobsMode",
      message: 'with a custom sampler, logprobs are reported under the raw distribution, not "processed"',
    });
  }
  const textOf = (id: number) => tokenText(settings.bytesOf(id));
  let position = 0;
  return {
    // Custom samplers get every candidate (the contract hands them the whole distribution), so
    // they stay on the full-distribution path.
    needsFullDistribution: true,
    sampling: { seed },
    sampleQuery: () => undefined,
    choose(stats: PositionStats, history: readonly number[], forced?: number) {
      const index = position++;
      const raw = stats.logprobs;
      if (!raw) throw new Error("internal: the full distribution was not evaluated");
      let id = forced;
      if (id === undefined) {
        const outcome = runTokenSampler(sampler, {
          candidates: samplerCandidates(raw, textOf),
          index,
          random,
          history: history.slice(history.length - index),
        });
        if (outcome.stop) {
          const stopWarning = { code: "sampler-stopped", field: "sampler", message: outcome.reason };
          return {
            id: -1,
            numbers: { logprob: null, top: [] },
            warnings: [stopWarning],
            stop: outcome.reason,
          };
        }
        id = outcome.id;
      }
      const logprob = raw[id] ?? Number.NEGATIVE_INFINITY;
      return {
        id,
        numbers: {
          logprob: logprob === Number.NEGATIVE_INFINITY ? null : logprob,
          top: stats.top,
          entropy: stats.entropy,
          rank: rankIn(raw, id),
        },
        warnings: [],
      };
    },
  };
}
