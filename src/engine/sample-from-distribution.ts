/**
 * The decoding step on a full raw distribution: a repeat penalty, then core's sampling transforms
 * (llama.cpp's order: top-k, typical-p, top-p, min-p, temperature), then a greedy pick or a draw
 * with core's seeded Mersenne Twister. Returns the processed distribution the token came from, so
 * that `logprobsMode: "processed"` reports exactly what was sampled from.
 *
 * Repeat penalty, for every token among the last {@link REPEAT_PENALTY_WINDOW} tokens (prompt
 * included), before renormalisation: as llama.cpp, on the raw logit `x = logprob + logSumExp`,
 * `x * penalty` when `x <= 0`, else `x / penalty`, whenever the evaluator knows the logits' log-sum-exp
 * (the native path). node-llama-cpp's fallback hands over probabilities only, whose logits are
 * known up to an offset: there the penalty applies to logprobs (`l -> l * penalty`), an
 * approximation that differs from llama.cpp when a repeated token is likely. For penalty > 1 both
 * lower a repeated token's probability.
 */
import { applySamplingSettings } from "../core/sampling/apply-sampling-settings.js";
import { createRandom, type Random } from "../core/sampling/create-random.js";
import { sampleIndex } from "../core/sampling/sample-index.js";
import type { SamplingSettings } from "../core/types.js";

/** Number of most recent tokens the repeat penalty looks at (llama.cpp's default `repeat_last_n`). */
export const REPEAT_PENALTY_WINDOW = 64;

/** Result of one decoding step. */
export interface SamplerStep {
  /** Chosen token id. */
  chosen: number;
  /** The distribution the token was chosen from, logprobs indexed by id (-Infinity = removed). */
  processed: Float64Array;
}

/** A decoding policy for one generation. */
export interface Sampler {
  /** True when the token is the most probable one (temperature 0 or absent). */
  readonly greedy: boolean;
  /** True when the settings change the distribution before the choice (e.g. a repeat penalty). */
  readonly transformsDistribution: boolean;
  /** The settings in effect, with the seed actually used when sampling. */
  readonly settings: SamplingSettings;
  /**
   * One step on a full raw logprob vector, given every token so far (prompt included) and, when
   * known, the log-sum-exp of the raw logits (for the repeat penalty). O(V log V).
   */
  step(raw: Float64Array, history: readonly number[], logSumExp?: number): SamplerStep;
}

/** A seed for a request that gave none (recorded in the provenance so the run can be repeated). */
function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/**
 * Applies the repeat penalty to a copy of `raw` (see the module comment): on the logits when
 * `logSumExp` is a finite number, else on the logprobs. The result is in logprob units up to a
 * common offset (renormalised later). O(V + window).
 */
export function applyRepeatPenalty(
  raw: Float64Array,
  history: readonly number[],
  penalty: number,
  logSumExp?: number,
): Float64Array {
  const penalised = Float64Array.from(raw);
  const seen = new Set(history.slice(-REPEAT_PENALTY_WINDOW));
  const onLogits = logSumExp !== undefined && Number.isFinite(logSumExp);
  for (const id of seen) {
    const value = penalised[id];
    if (value === undefined || value === Number.NEGATIVE_INFINITY) continue;
    if (!onLogits) {
      penalised[id] = value * penalty;
      continue;
    }
    const logit = value + logSumExp;
    penalised[id] = (logit <= 0 ? logit * penalty : logit / penalty) - logSumExp;
  }
  return penalised;
}

/** Creates the sampler of one generation. */
export function createSampler(settings: SamplingSettings): Sampler {
  const greedy = (settings.temperature ?? 0) === 0;
  const penalty = settings.repeatPenalty ?? 1;
  const transforms =
    penalty !== 1 ||
    (!greedy &&
      ((settings.topK ?? 0) !== 0 ||
        (settings.topP ?? 1) !== 1 ||
        (settings.minP ?? 0) !== 0 ||
        (settings.typicalP ?? 1) !== 1 ||
        settings.temperature !== 1));
  const effective: SamplingSettings = { ...settings };
  let random: Random | undefined;
  if (!greedy) {
    effective.seed = settings.seed ?? freshSeed();
    random = createRandom(effective.seed);
  }
  return {
    greedy,
    transformsDistribution: transforms,
    settings: effective,
    step(raw, history, logSumExp) {
      const scores = penalty !== 1 ? applyRepeatPenalty(raw, history, penalty, logSumExp) : raw;
      const ids: number[] = [];
      const logprobs: number[] = [];
      for (let id = 0; id < scores.length; id++) {
        const value = scores[id]!;
        if (value > Number.NEGATIVE_INFINITY) {
          ids.push(id);
          logprobs.push(value);
        }
      }
      const candidates = applySamplingSettings(
        { ids, logprobs },
        { ...settings, temperature: settings.temperature ?? 0 },
      );
      const index = random ? sampleIndex(candidates.logprobs, random) : 0;
      const processed = new Float64Array(raw.length).fill(Number.NEGATIVE_INFINITY);
      candidates.ids.forEach((id, position) => {
        processed[id] = candidates.logprobs[position]!;
      });
      return { chosen: candidates.ids[index]!, processed };
    },
  };
}
