/**
 * Chooses each generated token from the raw next-token distribution and reports its numbers under
 * the requested distribution.
 *
 * - Greedy (temperature 0 or absent) without a repeat penalty needs only the position's argmax and
 *   top-k; every other setting needs the full distribution (`needsFullDistribution`).
 * - `raw` mode reports the model's own distribution; `processed` mode reports the distribution
 *   actually sampled from: core's sampling transforms applied to the raw one (a point mass on the
 *   chosen token when decoding greedily).
 * - With an evaluator that samples natively (`nativeSampling`), every step that is not forced is
 *   chosen in the evaluator by the same algorithm (`sampleQuery`), so no full distribution is
 *   needed: JavaScript gets O(k) numbers per token. Forced steps still take the full distribution
 *   (and advance the random stream the same way, so later native draws continue it exactly).
 * - Under a grammar the evaluator applies itself (a `native` constraint), every chosen step is
 *   sampled there with the grammar (`SampleQuery.grammar`), greedy ones included: the chosen token
 *   is checked first and the distribution masked only on rejection; in `processed` mode the mask
 *   comes first, so the processed numbers describe the distribution after the grammar.
 *   Forced tokens are checked and accepted here, one grammar check each.
 */
import { InvalidInputError } from "../core/errors.js";
import { entropy } from "../core/math/entropy.js";
import type { LogprobsMode, ModelWarning } from "../core/model.js";
import { checkUnitInterval } from "../core/sampling/sampling-candidates.js";
import type { SamplingSettings } from "../core/types.js";
import type {
  GrammarConstraint,
  MaskGrammarConstraint,
  NativeGrammarConstraint,
} from "./grammar-constraint.js";
import { type PositionStats, type SampleQuery, topKOfLogprobs } from "./position-stats.js";
import { createSampler, REPEAT_PENALTY_WINDOW, type Sampler } from "./sample-from-distribution.js";
import type { TokenNumbers } from "./token-records.js";

/** Settings of one generation. */
export interface ChooserSettings {
  sampling: SamplingSettings;
  mode: LogprobsMode;
  /** Top alternatives reported per token. */
  topK: number;
  /** The evaluator honours `PositionQuery.sample` (see `Evaluator.samplesNatively`). */
  nativeSampling?: boolean;
  /**
   * Structured output: only the tokens the grammar allows may be chosen. A `mask` constraint
   * needs the full distribution at every step; a `native` one is applied by the evaluator.
   */
  constraint?: GrammarConstraint;
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
  /**
   * The evaluator sampling step for the (non-forced) decision at `step`, given every token so far;
   * undefined when the step is chosen from the raw statistics here (greedy raw, or no native
   * sampling). O(window) for a repeat penalty, else O(1).
   */
  sampleQuery(step: number, history: readonly number[]): SampleQuery | undefined;
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

/**
 * True when the settings are valid for core's transforms (otherwise the JavaScript step runs and
 * throws the error naming the setting). O(1).
 */
function validForNative(sampling: SamplingSettings): boolean {
  try {
    const temperature = sampling.temperature ?? 0;
    if (!Number.isFinite(temperature) || temperature < 0) return false;
    if (sampling.topK !== undefined && !Number.isInteger(sampling.topK)) return false;
    if (sampling.topP !== undefined) checkUnitInterval("topP", sampling.topP);
    if (sampling.minP !== undefined) checkUnitInterval("minP", sampling.minP);
    if (sampling.typicalP !== undefined) checkUnitInterval("typicalP", sampling.typicalP);
    if (sampling.repeatPenalty !== undefined && !Number.isFinite(sampling.repeatPenalty)) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * The most probable token (ties: the lowest id) that the grammar allows, or undefined. Checks the
 * argmax first, then the rest in order of probability. Cost: one grammar check per token tried,
 * plus O(V log V) to order them when the argmax is not allowed.
 */
function mostProbableAllowed(raw: Float64Array, grammar: MaskGrammarConstraint): number | undefined {
  let argmax = 0;
  for (let id = 1; id < raw.length; id++) if (raw[id]! > raw[argmax]!) argmax = id;
  if (grammar.allows(argmax)) return argmax;
  const order = Array.from({ length: raw.length }, (_, id) => id).filter(
    (id) => id !== argmax && raw[id]! > Number.NEGATIVE_INFINITY,
  );
  order.sort((a, b) => raw[b]! - raw[a]! || a - b);
  return order.find((id) => grammar.allows(id));
}

/** Creates the chooser of one generation. */
export function createTokenChooser(settings: ChooserSettings): TokenChooser {
  const sampler: Sampler = createSampler(settings.sampling);
  const greedyRaw = sampler.greedy && !sampler.transformsDistribution;
  const needsSampling = !greedyRaw || settings.mode === "processed";
  const constraint = settings.constraint;
  const nativeGrammar = constraint?.kind === "native" ? constraint : undefined;
  if (nativeGrammar && !validForNative(settings.sampling)) {
    // The JavaScript step throws the error that names the invalid setting.
    sampler.step(Float64Array.of(0), [], 0);
    throw new InvalidInputError(
      "sampling",
      "these sampling settings are not valid",
      "valid sampling settings",
    );
  }
  const native =
    nativeGrammar !== undefined ||
    (constraint === undefined &&
      needsSampling &&
      settings.nativeSampling === true &&
      validForNative(settings.sampling));
  const effective = sampler.settings;
  const penalty = effective.repeatPenalty ?? 1;
  const chooser: TokenChooser = {
    needsFullDistribution: constraint?.kind === "mask" || (needsSampling && !native),
    sampling: sampler.settings,
    sampleQuery(step, history) {
      if (!native) return undefined;
      const query: SampleQuery = {
        seed: effective.seed ?? 0,
        // One draw (two 32-bit outputs) per earlier step when not greedy, as the JavaScript sampler.
        draws: sampler.greedy ? 0 : 2 * step,
        temperature: effective.temperature ?? 0,
        topK: effective.topK,
        topP: effective.topP,
        minP: effective.minP,
        typicalP: effective.typicalP,
      };
      if (penalty !== 1) {
        query.repeatPenalty = penalty;
        query.penalized = [...new Set(history.slice(-REPEAT_PENALTY_WINDOW))];
      }
      if (nativeGrammar) {
        query.grammar = nativeGrammar.grammar;
        if (settings.mode === "processed") query.reportAfterGrammar = true;
      }
      return query;
    },
    choose(stats, history, forced) {
      const warnings: ModelWarning[] = [];
      if (nativeGrammar && forced !== undefined)
        return chooseForcedUnderGrammar(nativeGrammar, stats, forced);
      if (nativeGrammar && stats.sampled?.grammarAllowsNone) {
        return {
          id: -1,
          numbers: { logprob: null, top: [] },
          warnings,
          stop: "the grammar allows no further token",
        };
      }
      if (constraint?.kind === "mask") return chooseConstrained(constraint, stats, history, forced);
      if (
        !nativeGrammar &&
        greedyRaw &&
        settings.mode === "raw" &&
        (forced === undefined || forced === stats.argmax.id)
      ) {
        return { id: stats.argmax.id, numbers: rawNumbers(stats, stats.argmax.id), warnings };
      }
      const sampled = stats.sampled;
      if (sampled && forced === undefined) {
        const id = sampled.id;
        if (settings.mode === "raw") {
          // As rawNumbers: the argmax's numbers come from the position's own statistics.
          const argmax = id === stats.argmax.id;
          return {
            id,
            numbers: {
              logprob: argmax ? stats.argmax.logprob : sampled.rawLogprob,
              top: stats.top,
              entropy: stats.entropy,
              rank: argmax ? 1 : sampled.rawRank,
            },
            warnings,
          };
        }
        if (sampled.logprob === Number.NEGATIVE_INFINITY) {
          warnings.push({
            code: "chosen-token-outside-processed-distribution",
            field: "responseFormat",
            message:
              "a token chosen before the grammar's mask lies outside the processed distribution after it (a truncation such as top_p cut it once the allowed tokens were renormalised); its logprob is reported as null",
          });
        }
        return {
          id,
          numbers: {
            logprob: sampled.logprob === Number.NEGATIVE_INFINITY ? null : sampled.logprob,
            top: sampled.top,
            entropy: sampled.entropy,
            rank: sampled.rank,
          },
          warnings,
        };
      }
      const raw = stats.logprobs;
      if (!raw) throw new Error("internal: the full distribution was not evaluated");
      return chooseFrom(raw, stats, history, forced, warnings);
    },
  };

  /**
   * Draws from `scores` (the raw logprobs, or the raw logprobs with disallowed tokens at -Infinity)
   * and reports the numbers under the requested distribution.
   */
  function chooseFrom(
    scores: Float64Array,
    stats: PositionStats,
    history: readonly number[],
    forced: number | undefined,
    warnings: ModelWarning[],
  ): TokenChoice {
    const step = sampler.step(scores, history, stats.logSumExp);
    if (penalty !== 1 && stats.logSumExp === undefined) {
      warnings.push({
        code: "repeat-penalty-on-logprobs",
        field: "sampling.repeatPenalty",
        message:
          "this evaluator gives probabilities, not logits: the repeat penalty multiplies logprobs instead of acting on logits as llama.cpp does, so processed logprobs differ from llama.cpp's when a repeated token is likely",
      });
    }
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
  }

  /** A forced token under a grammar the evaluator applies: checked and accepted here. */
  function chooseForcedUnderGrammar(
    grammar: NativeGrammarConstraint,
    stats: PositionStats,
    forced: number,
  ): TokenChoice {
    if (!grammar.grammar.allows(forced)) {
      throw new InvalidInputError(
        "forcedToken",
        `token ${forced} is not allowed here by the ${grammar.format} grammar of responseFormat`,
        "a token the grammar allows at this position",
      );
    }
    if (settings.mode === "processed") {
      throw new InvalidInputError(
        "logprobsMode",
        "forced tokens under a responseFormat are reported under the raw distribution only (the processed one after the grammar is computed in the evaluator's sampling step, which a forced token skips)",
        "raw",
      );
    }
    grammar.grammar.accept(forced);
    return { id: forced, numbers: rawNumbers(stats, forced), warnings: [] };
  }

  /** One step under the grammar: disallowed tokens get probability 0 before the sampling transforms. */
  function chooseConstrained(
    grammar: MaskGrammarConstraint,
    stats: PositionStats,
    history: readonly number[],
    forced: number | undefined,
  ): TokenChoice {
    const raw = stats.logprobs;
    if (!raw) throw new Error("internal: the full distribution was not evaluated");
    if (greedyRaw && settings.mode === "raw" && forced === undefined) {
      // Greedy under the raw distribution needs only the most probable allowed token: checking
      // tokens from the most probable down usually stops after a few grammar checks instead of V.
      const id = mostProbableAllowed(raw, grammar);
      if (id === undefined) {
        return {
          id: -1,
          numbers: { logprob: null, top: [] },
          warnings: [],
          stop: "the grammar allows no further token",
        };
      }
      grammar.accept(id);
      return { id, numbers: rawNumbers(stats, id), warnings: [] };
    }
    const mask = grammar.allowed();
    if (forced !== undefined && mask[forced] !== 1) {
      throw new InvalidInputError(
        "forcedToken",
        `token ${forced} is not allowed here by the ${grammar.format} grammar of responseFormat`,
        "a token the grammar allows at this position",
      );
    }
    const masked = Float64Array.from(raw, (value, id) => (mask[id] === 1 ? value : Number.NEGATIVE_INFINITY));
    if (!masked.some((value) => value > Number.NEGATIVE_INFINITY)) {
      return {
        id: -1,
        numbers: { logprob: null, top: [] },
        warnings: [],
        stop: "the grammar allows no further token",
      };
    }
    const choice = chooseFrom(masked, stats, history, forced, []);
    grammar.accept(choice.id);
    return choice;
  }
  return chooser;
}
