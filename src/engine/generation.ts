/**
 * The generation loop shared by `generate`, `stream` and `branch`: evaluates the prompt, then
 * chooses, reports and evaluates one token at a time, yielding each token once no stop string can
 * still claim it, and finally the result.
 *
 * Stop strings: the text ends right before the first stop string; the tokens reported are those
 * that start before it (so the last one may reach into the stop string).
 *
 * Cancellation: the signal is checked before every forward pass; an abort ends generation within
 * one token with `finishReason: "cancelled"` and the tokens produced so far (an abort while
 * waiting for a free sequence, before any token, throws `CancelledError`).
 */

import { InvalidInputError } from "../core/errors.js";
import type {
  FinishReason,
  GenerateEvent,
  GenerateResult,
  LogprobsMode,
  ModelWarning,
  ResponseFormat,
  TokenSampler,
} from "../core/model.js";
import type { LogprobSequence, SamplingSettings, TokenLogprob } from "../core/types.js";
import { createSamplerChooser } from "./custom-sampler-chooser.js";
import {
  addWarnings,
  assertFits,
  type EngineRuntime,
  engineProvenance,
  isEndOfGeneration,
  promptTokensOf,
} from "./engine-runtime.js";
import type { EvaluatorSequence } from "./evaluator.js";
import { createGrammarConstraint, type GrammarConstraint } from "./grammar-constraint.js";
import { createTokenChooser } from "./next-token-chooser.js";
import type { PositionQuery, PositionStats } from "./position-stats.js";
import { evaluatePrompt } from "./prompt-cache.js";
import { StopStringMatcher } from "./stop-strings.js";
import { TextAssembler } from "./token-records.js";

/** Tokens generated when `maxTokens` is not given (capped by the room left in the context). */
export const DEFAULT_MAX_TOKENS = 256;

/** A validated generation request, plus tokens to force at the start (for branching). */
export interface GenerationPlan {
  prompt?: string;
  messages?: { role: "system" | "user" | "assistant"; content: string }[] | undefined;
  maxTokens?: number;
  stop?: string[];
  sampling?: SamplingSettings;
  topLogprobs?: number;
  logprobsMode?: LogprobsMode;
  echo?: boolean;
  signal?: AbortSignal;
  /**
   * Tokens placed first in the output instead of being chosen (reported like chosen ones);
   * `maxTokens` counts the tokens after them.
   */
  forcedTokens?: readonly number[];
  /** Custom sampler (`GenerateRequest.sampler`); replaces the choice made by `sampling`. */
  sampler?: TokenSampler;
  /** Structured output (`GenerateRequest.responseFormat`): decoding constrained by a grammar. */
  responseFormat?: ResponseFormat;
}

/**
 * Scores the prompt tokens from the statistics of the positions before them (`stats[i]` is the
 * distribution after `tokens[i]`). The BOS token is not reported; the first text token gets a
 * logprob only when it follows BOS.
 */
export function promptSequence(
  runtime: EngineRuntime,
  tokens: readonly number[],
  startsWithBos: boolean,
  stats: readonly (PositionStats | undefined)[],
): LogprobSequence {
  const assembler = new TextAssembler(runtime.bytesOf);
  const records: TokenLogprob[] = [];
  for (let index = startsWithBos ? 1 : 0; index < tokens.length; index++) {
    const previous = index > 0 ? stats[index - 1] : undefined;
    records.push(
      assembler.push(
        tokens[index]!,
        previous
          ? {
              logprob: previous.targetLogprob ?? null,
              top: previous.top,
              entropy: previous.entropy,
              ...(previous.targetRank !== undefined ? { rank: previous.targetRank } : {}),
            }
          : { logprob: null, top: [] },
        true,
      ),
    );
  }
  return {
    tokens: records,
    provenance: engineProvenance(runtime, "raw"),
    text: assembler.finish(),
  };
}

/** How the grammar was applied, for `Provenance.constraint.appliedBy`. */
function constraintDescription(constraint: GrammarConstraint, mode: LogprobsMode, evaluator: string): string {
  const grammar =
    constraint.format === "json_object"
      ? "node-llama-cpp's JSON grammar"
      : "GBNF from node-llama-cpp's JSON Schema converter";
  if (constraint.kind === "mask")
    return `${grammar}, masked over the full distribution from the ${evaluator} evaluator`;
  return mode === "processed"
    ? `${grammar}, llama.cpp's grammar sampler in the ${evaluator} evaluator: the distribution masked before every choice (processed numbers are after the grammar)`
    : `${grammar}, llama.cpp's grammar sampler in the ${evaluator} evaluator: each chosen token checked first, the distribution masked only on rejection`;
}

/** Runs one generation, yielding token events and then the `done` event. */
export async function* runGeneration(
  runtime: EngineRuntime,
  plan: GenerationPlan,
): AsyncGenerator<GenerateEvent> {
  const warnings: ModelWarning[] = [];
  const prompt = await promptTokensOf(runtime, plan);
  addWarnings(warnings, prompt.warnings);
  const promptTokens = prompt.tokens;
  const forced = plan.forcedTokens ?? [];
  const contextSize = runtime.evaluator.contextSize;
  assertFits(runtime, promptTokens.length + forced.length, "the prompt");
  // maxTokens counts the tokens chosen after any forced ones.
  let maxTokens: number;
  if (plan.maxTokens !== undefined) {
    maxTokens = forced.length + plan.maxTokens;
    assertFits(runtime, promptTokens.length + maxTokens, "the prompt plus maxTokens");
  } else {
    const room = contextSize - promptTokens.length - forced.length;
    maxTokens = forced.length + Math.min(DEFAULT_MAX_TOKENS, room);
  }
  const topK = plan.topLogprobs ?? 0;
  const mode = plan.logprobsMode ?? "raw";
  if (plan.sampler && plan.responseFormat) {
    throw new InvalidInputError(
      "responseFormat",
      "a custom sampler and a responseFormat cannot be combined (the sampler would choose outside the grammar)",
      "one of sampler or responseFormat",
    );
  }
  const constraint = plan.responseFormat
    ? await createGrammarConstraint(runtime, plan.responseFormat)
    : undefined;
  const chooser = plan.sampler
    ? createSamplerChooser(
        { sampler: plan.sampler, sampling: plan.sampling ?? {}, mode, bytesOf: runtime.bytesOf },
        warnings,
      )
    : createTokenChooser({
        sampling: plan.sampling ?? {},
        mode,
        topK,
        nativeSampling: runtime.evaluator.samplesNatively === true,
        ...(constraint ? { constraint } : {}),
      });
  const matcher = new StopStringMatcher([...(plan.stop ?? []), ...(constraint?.stopStrings ?? [])]);
  const signal = plan.signal;

  const history: number[] = [...promptTokens];
  const cache = runtime.evaluator.promptCache;
  const sequence: EvaluatorSequence = cache
    ? await cache.acquire(promptTokens, signal)
    : await runtime.evaluator.acquire(signal);
  try {
    // Prompt: one batch; statistics for every position when echoing, else only for the last one.
    // The query for the position that decides step `step`: forced steps need the full
    // distribution (the forced token's logprob and rank), as does every non-greedy setting unless
    // the evaluator samples natively (then the query carries the sampling step).
    const queryFor = (step: number): PositionQuery => {
      if (chooser.needsFullDistribution || step < forced.length) return { topK, full: true };
      const sample = chooser.sampleQuery(step, history);
      return sample ? { topK, sample } : { topK };
    };
    const queries: (PositionQuery | undefined)[] = promptTokens.map((_, index) => {
      const last = index === promptTokens.length - 1;
      if (plan.echo && !last) return { topK, target: promptTokens[index + 1]! };
      if (last && maxTokens > 0) return queryFor(0);
      return undefined;
    });
    let promptStats: (PositionStats | undefined)[] = [];
    let reusedTokens = 0;
    if (signal?.aborted) {
      // Cancelled before the first forward pass: nothing to report but an empty result.
    } else {
      // (Nothing is evaluated when no number is wanted: maxTokens 0 without echo.) With the prompt
      // cache, the prefix an idle sequence already holds is kept (see prompt-cache.ts).
      ({ stats: promptStats, reusedTokens } = await evaluatePrompt(cache, sequence, promptTokens, queries, {
        echo: plan.echo === true,
        topK,
      }));
    }
    const echoed = plan.echo
      ? promptSequence(runtime, promptTokens, prompt.startsWithBos, promptStats)
      : undefined;

    const assembler = new TextAssembler(runtime.bytesOf);
    const records: TokenLogprob[] = [];
    let emitted = 0;
    let finishReason: FinishReason = "length";
    let stopAt = -1;
    let stats = promptStats.at(-1);

    if (promptTokens.length === 0 && maxTokens > 0) {
      warnings.push({
        code: "empty-prompt",
        field: "prompt",
        message: "the prompt has no tokens; nothing was generated",
      });
      maxTokens = 0;
    }
    if (signal?.aborted) finishReason = "cancelled";

    for (let step = 0; step < maxTokens && finishReason !== "cancelled"; step++) {
      if (!stats) break;
      const choice = chooser.choose(stats, history, forced[step]);
      addWarnings(warnings, choice.warnings);
      if (choice.stop !== undefined) {
        finishReason = "stop";
        break;
      }
      if (step >= forced.length && isEndOfGeneration(runtime, choice.id)) {
        finishReason = "stop";
        break;
      }
      const before = assembler.text.length;
      records.push(assembler.push(choice.id, choice.numbers));
      history.push(choice.id);
      if (matcher.active) {
        stopAt = matcher.find(assembler.text, before);
        if (stopAt >= 0) {
          finishReason = "stop";
          break;
        }
        const safe = matcher.safeLength(assembler.text);
        while (emitted < records.length) {
          const end = records[emitted + 1]?.textOffset ?? assembler.text.length;
          if (end > safe) break;
          yield { type: "token", index: emitted, token: records[emitted]! };
          emitted++;
        }
      } else {
        yield { type: "token", index: emitted, token: records[emitted]! };
        emitted++;
      }
      if (step === maxTokens - 1) break;
      if (signal?.aborted) {
        finishReason = "cancelled";
        break;
      }
      [stats] = await sequence.evaluate([choice.id], [queryFor(step + 1)]);
      if (signal?.aborted) finishReason = "cancelled";
    }

    let text = assembler.finish();
    let kept = records;
    if (stopAt >= 0) {
      text = text.slice(0, stopAt);
      kept = records.filter((record) => (record.textOffset ?? 0) < stopAt);
    }
    for (; emitted < kept.length; emitted++) yield { type: "token", index: emitted, token: kept[emitted]! };

    const result: GenerateResult = {
      text,
      sequence: {
        tokens: kept,
        provenance: {
          ...engineProvenance(runtime, mode, chooser.sampling),
          ...(cache
            ? { promptCache: { reusedTokens, evaluatedTokens: promptTokens.length - reusedTokens } }
            : {}),
          ...(constraint
            ? {
                constraint: {
                  format: constraint.format,
                  appliedBy: constraintDescription(constraint, mode, runtime.evaluator.info.name),
                },
              }
            : {}),
        },
        text,
      },
      finishReason,
      usage: {
        promptTokens: promptTokens.length,
        completionTokens: records.length,
        ...(cache ? { cachedPromptTokens: reusedTokens } : {}),
      },
      warnings,
      model: runtime.id,
    };
    if (echoed) result.prompt = echoed;
    yield { type: "done", result };
  } finally {
    sequence.release();
  }
}
