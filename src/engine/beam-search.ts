/**
 * Beam search on the raw model distribution. At each step every live beam is extended by its
 * `width` most probable next tokens; the `width` best extensions by cumulative logprob stay live.
 * A beam finishes on an end-of-generation token (not included), a stop string (text cut before
 * it) or `maxTokens`. Search ends when `width` beams have finished or none is live. Finished
 * beams are ranked by `(cumulativeLogprob + end token logprob) / length^lengthPenalty` (Hugging
 * Face's convention, the end token counted in the length; default penalty 1, i.e. the mean
 * logprob; 0 ranks by the plain sum). `cumulativeLogprob` is the sum of the reported tokens only.
 *
 * All beams share one context sequence: beams are visited in token order, so consecutive beams
 * share a prefix and only the differing tail is re-evaluated. Cost per step: up to `width` tails
 * of forward passes plus one position's statistics per beam. Cancellation throws CancelledError.
 */
import { CancelledError } from "../core/errors.js";
import type { Beam, BeamSearchRequest, BeamSearchResult, FinishReason, ModelWarning } from "../core/model.js";
import type { TokenLogprob } from "../core/types.js";
import {
  addWarnings,
  assertFits,
  type EngineRuntime,
  engineProvenance,
  isEndOfGeneration,
  promptTokensOf,
} from "./engine-runtime.js";
import type { EvaluatorSequence } from "./evaluator.js";
import type { PositionStats } from "./position-stats.js";
import { StopStringMatcher } from "./stop-strings.js";
import { TextAssembler, type TokenNumbers } from "./token-records.js";

interface LiveBeam {
  tokens: number[];
  numbers: TokenNumbers[];
  cumulative: number;
}

interface FinishedBeam extends LiveBeam {
  finishReason: FinishReason;
  /** Logprob of the end-of-generation token that ended the beam (counted in its score only). */
  endLogprob: number;
  /** Text, cut before a stop string. */
  text: string;
}

/** Default length penalty exponent. */
export const DEFAULT_LENGTH_PENALTY = 1;

function compareTokens(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return a.length - b.length;
}

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index++;
  return index;
}

/** Brings `sequence` to `target` (prompt + beam tokens) and returns the last position's statistics. */
async function statsAfter(
  sequence: EvaluatorSequence,
  target: readonly number[],
  topK: number,
): Promise<PositionStats> {
  // Keep at most target.length - 1 tokens so that the last token is re-evaluated with a query.
  const keep = Math.min(commonPrefix(sequence.tokens, target), target.length - 1);
  await sequence.truncate(keep);
  const tail = target.slice(keep);
  const queries = tail.map((_, index) => (index === tail.length - 1 ? { topK } : undefined));
  const stats = await sequence.evaluate(tail, queries);
  return stats.at(-1)!;
}

/** Runs a validated beam search request. */
export async function beamSearch(
  runtime: EngineRuntime,
  request: BeamSearchRequest,
): Promise<BeamSearchResult> {
  const warnings: ModelWarning[] = [];
  const prompt = await promptTokensOf(runtime, request);
  addWarnings(warnings, prompt.warnings);
  assertFits(runtime, prompt.tokens.length + request.maxTokens, "the prompt plus maxTokens");
  if (prompt.tokens.length === 0) {
    return {
      beams: [],
      model: runtime.id,
      warnings: [...warnings, { code: "empty-prompt", field: "prompt", message: "the prompt has no tokens" }],
    };
  }
  const width = request.width;
  const alpha = request.lengthPenalty ?? DEFAULT_LENGTH_PENALTY;
  const topK = request.topLogprobs ?? 0;
  const matcher = new StopStringMatcher(request.stop ?? []);
  const score = (beam: FinishedBeam) => {
    const length = beam.tokens.length + (beam.finishReason === "stop" && beam.endLogprob < 0 ? 1 : 0);
    return (beam.cumulative + beam.endLogprob) / Math.max(1, length) ** alpha;
  };
  const finish = (beam: LiveBeam, finishReason: FinishReason, endLogprob = 0): FinishedBeam => {
    const text = decodeText(runtime, beam.tokens);
    const stopAt = matcher.active ? matcher.find(text) : -1;
    if (stopAt < 0) return { ...beam, finishReason, endLogprob, text };
    const kept = keptBeforeStop(runtime, beam.tokens, stopAt);
    const numbers = beam.numbers.slice(0, kept);
    const cumulative = numbers.reduce((sum, value) => sum + (value.logprob ?? 0), 0);
    return {
      tokens: beam.tokens.slice(0, kept),
      numbers,
      cumulative,
      finishReason: "stop",
      endLogprob: 0,
      text: text.slice(0, stopAt),
    };
  };
  const finished: FinishedBeam[] = [];
  let live: LiveBeam[] = [{ tokens: [], numbers: [], cumulative: 0 }];

  const sequence = await runtime.evaluator.acquire(request.signal);
  try {
    for (let step = 0; step < request.maxTokens && live.length > 0 && finished.length < width; step++) {
      live.sort((a, b) => compareTokens(a.tokens, b.tokens));
      const candidates: LiveBeam[] = [];
      for (const beam of live) {
        if (request.signal?.aborted) throw new CancelledError("beam search was cancelled");
        const stats = await statsAfter(sequence, [...prompt.tokens, ...beam.tokens], Math.max(topK, width));
        const reported = stats.top.slice(0, topK);
        stats.top.slice(0, width).forEach((next, rank) => {
          const numbers: TokenNumbers = {
            logprob: next.logprob,
            top: reported,
            entropy: stats.entropy,
            rank: rank + 1,
          };
          const extended: LiveBeam = {
            tokens: [...beam.tokens, next.id],
            numbers: [...beam.numbers, numbers],
            cumulative: beam.cumulative + next.logprob,
          };
          if (isEndOfGeneration(runtime, next.id)) {
            // The end token is not part of the text, but its probability is part of the beam's.
            finished.push(finish(beam, "stop", next.logprob));
          } else {
            candidates.push(extended);
          }
        });
      }
      candidates.sort((a, b) => b.cumulative - a.cumulative || compareTokens(a.tokens, b.tokens));
      live = [];
      for (const candidate of candidates.slice(0, width)) {
        if (matcher.active && matcher.find(decodeText(runtime, candidate.tokens)) >= 0) {
          finished.push(finish(candidate, "stop"));
        } else {
          live.push(candidate);
        }
      }
    }
    for (const beam of live) finished.push(finish(beam, "length"));
  } finally {
    sequence.release();
  }

  finished.sort((a, b) => score(b) - score(a) || b.cumulative - a.cumulative);
  const beams: Beam[] = finished.slice(0, width).map((beam) => toBeam(runtime, beam, score(beam)));
  return { beams, model: runtime.id, warnings };
}

function decodeText(runtime: EngineRuntime, tokens: readonly number[]): string {
  const assembler = new TextAssembler(runtime.bytesOf);
  for (const id of tokens) assembler.push(id, { logprob: null, top: [] });
  return assembler.finish();
}

/** Number of tokens that start before text offset `stopAt`. */
function keptBeforeStop(runtime: EngineRuntime, tokens: readonly number[], stopAt: number): number {
  const assembler = new TextAssembler(runtime.bytesOf);
  let kept = 0;
  for (const id of tokens) {
    const record = assembler.push(id, { logprob: null, top: [] });
    if ((record.textOffset ?? 0) >= stopAt) break;
    kept++;
  }
  return kept;
}

function toBeam(runtime: EngineRuntime, beam: FinishedBeam, score: number): Beam {
  const assembler = new TextAssembler(runtime.bytesOf);
  const records: TokenLogprob[] = beam.tokens.map((id, index) => assembler.push(id, beam.numbers[index]!));
  return {
    text: beam.text,
    sequence: {
      tokens: records,
      provenance: engineProvenance(runtime, "raw"),
      text: beam.text,
    },
    cumulativeLogprob: beam.cumulative,
    score,
    finishReason: beam.finishReason,
  };
}
