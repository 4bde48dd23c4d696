/**
 * Prompt ambiguity: how many different ways a model could go on from a prompt. Combines the
 * entropy of the first generated tokens with the disagreement among n seeded samples, and explains
 * where the continuations branch.
 */

import { InvalidInputError } from "../errors.js";
import { entropyBounds } from "../math/entropy-bounds.js";
import { margin as marginOf } from "../math/margin.js";
import type { GenerateRequest, LogprobModel, ModelWarning } from "../model.js";
import type { TokenLogprob, TopAlternative } from "../types.js";
import { normalizeAnswer } from "./normalize-answer.js";

/** Options of {@link promptAmbiguity}. */
export interface PromptAmbiguityOptions {
  /** Number of sampled continuations n (2 to 256; default 8). */
  samples?: number;
  /** Tokens per continuation, and first tokens whose entropy is measured (1 to 256; default 8). */
  tokens?: number;
  /** Seed of the first sample; sample i uses seed + i (default 0). */
  seed?: number;
  /** Sampling temperature of the samples (greater than 0 to 2; default 1). */
  temperature?: number;
  /** Alternatives shown per branch point (1 to 20; default 5). */
  topLogprobs?: number;
  /** Send the prompt as one user chat message instead of raw text. */
  chat?: boolean;
  signal?: AbortSignal;
}

/** A position of the greedy continuation where the model could have gone another way. */
export interface BranchPoint {
  /** Token index in the greedy continuation. */
  index: number;
  /** The greedy token's text. */
  token: string;
  /** Probability of the greedy token (0..1). */
  probability: number | null;
  /** Entropy at the position (nats): exact when the backend reports it, else the top-k lower bound. */
  entropy: number;
  /** p(top-1) - p(top-2) (0..1), when two alternatives are known. */
  margin: number | null;
  /** The top alternatives at the position. */
  alternatives: TopAlternative[];
}

/** One distinct sampled continuation. */
export interface Branch {
  /** The continuation as sampled (of its group, the first). */
  text: string;
  /** Samples that gave it (after `normalizeAnswer`). */
  count: number;
  /** count / samples (0..1). */
  share: number;
}

/** Result of {@link promptAmbiguity}. */
export interface PromptAmbiguity {
  /** Ambiguity in [0, 1): `(entropyScore + disagreement) / 2`. */
  score: number;
  /** `1 - exp(-meanEntropy)` in [0, 1): 0.5 is one fair coin flip per token. */
  entropyScore: number;
  /** Mean entropy (nats) over the first generated tokens. */
  meanEntropy: number;
  /** True when every entropy was exact (else some are top-k lower bounds, so the score is a lower bound). */
  entropyExact: boolean;
  /** Probability that two different samples disagree (Gini-Simpson index, unbiased): 0..1. */
  disagreement: number;
  /** The greedy continuation. */
  greedy: string;
  /** Greedy positions ordered from the most to the least uncertain (highest entropy first). */
  branchPoints: BranchPoint[];
  /** Distinct sampled continuations, most frequent first. */
  branches: Branch[];
  /** Number of samples. */
  samples: number;
  warnings: ModelWarning[];
  model: string;
}

function checkInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(field, `${field} is ${value}`, `an integer from ${min} to ${max}`);
  }
}

/** Entropy at a token: exact when reported, else the lower bound from its top alternatives. */
function positionEntropy(token: TokenLogprob): { entropy: number; exact: boolean } {
  if (typeof token.entropy === "number" && Number.isFinite(token.entropy))
    return { entropy: token.entropy, exact: true };
  return { entropy: entropyBounds(token.top.map((alternative) => alternative.logprob)).lower, exact: false };
}

/**
 * Gini-Simpson disagreement of n labels, unbiased: the probability that two samples drawn without
 * replacement differ, `1 - sum_g c_g (c_g - 1) / (n (n - 1))` over groups of equal labels of sizes
 * `c_g`. 0 when all agree, 1 when all differ. Cost: O(n).
 */
export function sampleDisagreement(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total < 2) throw new InvalidInputError("samples", `${total} samples`, "at least 2");
  let same = 0;
  for (const count of counts) same += count * (count - 1);
  return 1 - same / (total * (total - 1));
}

/**
 * Scores how ambiguous a prompt is: generates `tokens` greedy tokens (their mean entropy gives
 * `entropyScore = 1 - exp(-meanEntropy)`) and `samples` continuations of `tokens` tokens with
 * seeds `seed, seed + 1, ...` (their normalised texts give `disagreement`); `score` is the mean of
 * the two. Branch points are the greedy positions sorted by entropy, with their alternatives;
 * branches are the distinct samples.
 *
 * Units: entropy in nats; scores in [0, 1]. Cost: 1 + `samples` generate calls of `tokens` tokens.
 *
 * @throws {InvalidInputError} naming `prompt`, `samples`, `tokens`, `seed`, `temperature` or `topLogprobs`
 */
export async function promptAmbiguity(
  model: LogprobModel,
  prompt: string,
  options: PromptAmbiguityOptions = {},
): Promise<PromptAmbiguity> {
  if (typeof prompt !== "string" || prompt === "")
    throw new InvalidInputError("prompt", "prompt is empty", "a non-empty string");
  const samples = options.samples ?? 8;
  const tokens = options.tokens ?? 8;
  const seed = options.seed ?? 0;
  const temperature = options.temperature ?? 1;
  const topLogprobs = Math.min(options.topLogprobs ?? 5, model.capabilities.maxTopLogprobs);
  checkInteger("samples", samples, 2, 256);
  checkInteger("tokens", tokens, 1, 256);
  checkInteger("seed", seed, 0, 2 ** 32 - 1 - samples);
  checkInteger("topLogprobs", options.topLogprobs ?? 5, 1, 20);
  if (typeof temperature !== "number" || !(temperature > 0 && temperature <= 2)) {
    throw new InvalidInputError(
      "temperature",
      `temperature is ${temperature}`,
      "a number greater than 0 and at most 2",
    );
  }
  const base: GenerateRequest = {
    ...(options.chat ? { messages: [{ role: "user" as const, content: prompt }] } : { prompt }),
    maxTokens: tokens,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const warnings: ModelWarning[] = [];
  const note = (list: readonly ModelWarning[]) => {
    for (const warning of list) {
      if (!warnings.some((known) => known.code === warning.code && known.field === warning.field))
        warnings.push(warning);
    }
  };
  const greedy = await model.generate({ ...base, topLogprobs });
  note(greedy.warnings);
  let entropySum = 0;
  let entropyExact = true;
  const branchPoints: BranchPoint[] = greedy.sequence.tokens.map((token, index) => {
    const { entropy, exact } = positionEntropy(token);
    entropySum += entropy;
    if (!exact) entropyExact = false;
    const margin = marginOf(token.top);
    const probabilities = token.top.map((alternative) => Math.exp(alternative.logprob)).sort((a, b) => b - a);
    return {
      index,
      token: token.token,
      probability: token.logprob === null ? null : Math.exp(token.logprob),
      entropy,
      margin: margin === undefined ? null : (probabilities[0] as number) - (probabilities[1] as number),
      alternatives: token.top,
    };
  });
  const count = branchPoints.length;
  const meanEntropy = count === 0 ? 0 : entropySum / count;
  branchPoints.sort((a, b) => b.entropy - a.entropy || a.index - b.index);

  const groups = new Map<string, Branch>();
  for (let sample = 0; sample < samples; sample++) {
    const result = await model.generate({
      ...base,
      topLogprobs: 0,
      sampling: { temperature, seed: seed + sample },
    });
    note(result.warnings);
    const key = normalizeAnswer(result.text);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { text: result.text, count: 1, share: 0 });
  }
  const branches = [...groups.values()].sort((a, b) => b.count - a.count);
  for (const branch of branches) branch.share = branch.count / samples;
  const disagreement = sampleDisagreement(branches.map((branch) => branch.count));
  const entropyScore = 1 - Math.exp(-meanEntropy);
  return {
    score: (entropyScore + disagreement) / 2,
    entropyScore,
    meanEntropy,
    entropyExact,
    disagreement,
    greedy: greedy.text,
    branchPoints,
    branches,
    samples,
    warnings,
    model: model.id,
  };
}
