/**
 * The objects of llama.cpp's native `/completion` answer, in the key order of
 * `server_task_result_cmpl_final::to_json_non_oaicompat` and
 * `server_task_result_cmpl_partial::to_json_non_oaicompat` (tools/server/server-task.cpp).
 * `timings` has upstream's keys (`cache_n`, `prompt_n`, `prompt_ms`, `prompt_per_token_ms`,
 * `prompt_per_second`, `predicted_n`, `predicted_ms`, ...; the prompt phase measured as the time to
 * the first generated token) and logprobe's `total_ms`; the final object's `tokens` holds the
 * generated token ids only with `return_tokens: true`, as upstream (a streamed chunk always holds its
 * token's id). Checked against llama-server's own answers (test/server/dialects/llama-server-oracle).
 */
import type { GenerateResult } from "../../core/model.js";
import { matchedStopString } from "../matched-stop-string.js";
import type { LlamaCppCompletionPlan } from "./completion-plan.js";
import { type LlamaCppProbabilityEntry, toLlamaCppProbabilities } from "./completion-probabilities.js";

/** Why generation ended, in llama.cpp's words, and the stop string that ended it. */
function stopType(plan: LlamaCppCompletionPlan, result: GenerateResult): { type: string; word: string } {
  if (result.finishReason !== "stop") return { type: "limit", word: "" };
  const word = matchedStopString(result, plan.stop);
  return word === undefined ? { type: "eos", word: "" } : { type: "word", word };
}

function tokenIds(plan: LlamaCppCompletionPlan, result: GenerateResult): number[] {
  return plan.returnTokens
    ? result.sequence.tokens.flatMap((token) => (token.id === undefined ? [] : [token.id]))
    : [];
}

/** Milliseconds rounded to microseconds. */
const ms = (value: number) => Math.round(value * 1000) / 1000;

/**
 * llama.cpp's `timings` (server_task_result_cmpl_final: result_timings::to_json): `promptMs` is the
 * time until the first generated token (the prompt's evaluation and the first sampling step),
 * `elapsedMs` the request's wall time.
 */
function timings(result: GenerateResult, promptMs: number, elapsedMs: number) {
  const promptN = result.usage.promptTokens - (result.usage.cachedPromptTokens ?? 0);
  const predictedN = result.usage.completionTokens;
  const predictedMs = Math.max(0, elapsedMs - promptMs);
  return {
    cache_n: result.usage.cachedPromptTokens ?? 0,
    prompt_n: promptN,
    prompt_ms: ms(promptMs),
    prompt_per_token_ms: promptN > 0 ? ms(promptMs / promptN) : 0,
    prompt_per_second: promptMs > 0 ? (promptN * 1000) / promptMs : 0,
    predicted_n: predictedN,
    predicted_ms: ms(predictedMs),
    predicted_per_token_ms: predictedN > 0 ? ms(predictedMs / predictedN) : 0,
    predicted_per_second: predictedMs > 0 ? (predictedN * 1000) / predictedMs : 0,
    total_ms: ms(elapsedMs),
  };
}

/**
 * The final (non-streamed, or last streamed) object. `elapsedMs`: the request's wall time;
 * `promptMs`: the time until its first generated token (the whole time when none was generated).
 */
export function llamaCppFinal(
  plan: LlamaCppCompletionPlan,
  result: GenerateResult,
  options: { streamed: boolean; elapsedMs: number; promptMs: number },
) {
  const stop = stopType(plan, result);
  const probabilities = options.streamed ? [] : completionProbabilities(plan, result);
  const prompt = plan.echo ? promptProbabilities(plan, result) : [];
  return {
    index: 0,
    content: result.text,
    tokens: tokenIds(plan, result),
    id_slot: 0,
    stop: true,
    model: result.model,
    tokens_predicted: result.usage.completionTokens,
    tokens_evaluated: result.usage.promptTokens,
    generation_settings: plan.settings,
    prompt: plan.prompt,
    has_new_line: result.text.includes("\n"),
    truncated: false,
    stop_type: stop.type,
    stopping_word: stop.word,
    tokens_cached: 0,
    timings: timings(result, options.promptMs, options.elapsedMs),
    ...(probabilities.length > 0 ? { completion_probabilities: probabilities } : {}),
    ...(prompt.length > 0 ? { prompt_probabilities: prompt } : {}),
  };
}

/** `completion_probabilities` of a result (empty without `n_probs`, as upstream). */
export function completionProbabilities(
  plan: LlamaCppCompletionPlan,
  result: GenerateResult,
): LlamaCppProbabilityEntry[] {
  if (plan.nProbs === 0) return [];
  return toLlamaCppProbabilities(result.sequence.tokens, {
    k: plan.nProbs,
    postSampling: plan.postSampling,
    extensions: plan.extensions,
  });
}

/** logprobe's `prompt_probabilities` (with `echo: true`): every prompt token that has a logprob. */
function promptProbabilities(
  plan: LlamaCppCompletionPlan,
  result: GenerateResult,
): LlamaCppProbabilityEntry[] {
  return toLlamaCppProbabilities(result.prompt?.tokens ?? [], {
    k: plan.nProbs,
    postSampling: plan.postSampling,
    extensions: plan.extensions,
  });
}
