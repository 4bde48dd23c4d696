/**
 * The objects of llama.cpp's native `/completion` answer, in the key order of
 * `server_task_result_cmpl_final::to_json_non_oaicompat` and
 * `server_task_result_cmpl_partial::to_json_non_oaicompat` (tools/server/server-task.cpp).
 * `timings` carries the counts and the measured wall time of the whole request; `tokens` holds the
 * generated token ids only with `return_tokens: true`, as upstream.
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

/** The final (non-streamed, or last streamed) object. `elapsedMs`: the request's wall time. */
export function llamaCppFinal(
  plan: LlamaCppCompletionPlan,
  result: GenerateResult,
  options: { streamed: boolean; elapsedMs: number },
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
    timings: {
      prompt_n: result.usage.promptTokens,
      predicted_n: result.usage.completionTokens,
      total_ms: options.elapsedMs,
    },
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
