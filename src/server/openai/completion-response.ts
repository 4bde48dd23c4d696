/** Legacy completion choices and responses (`object: "text_completion"`) from model results. */
import { UnsupportedError } from "../../core/errors.js";
import type { FinishReason, GenerateResult } from "../../core/model.js";
import { type OpenAICompletionLogprobs, toOpenAICompletionLogprobs } from "../../wire/index.js";
import { tokenIdTextWhen } from "../vllm/token-id-text.js";
import type { CompletionJob, CompletionPlan } from "./completion-plan.js";
import { completionChoiceTokens } from "./completion-tokens.js";
import { toVllmPromptLogprobs, type VllmLogprobEntry } from "./prompt-logprobs.js";

/** One choice as this server emits it. */
export interface CompletionChoice {
  text: string;
  index: number;
  logprobs: OpenAICompletionLogprobs | null;
  finish_reason: "stop" | "length" | null;
  /** vLLM extension, present when `prompt_logprobs` was asked for. */
  prompt_logprobs?: (Record<string, VllmLogprobEntry> | null)[];
}

/** OpenAI's usage object. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** OpenAI's cached prompt tokens, present when the model has a prompt cache. */
  prompt_tokens_details?: { cached_tokens: number };
}

/** OpenAI's finish reason for a model's (a cancelled result never reaches a client). */
export function openAIFinishReason(reason: FinishReason): "stop" | "length" {
  return reason === "stop" ? "stop" : "length";
}

/** Throws when the plan needs prompt logprobs and the model returned none. */
export function requirePromptSequence(plan: CompletionPlan, result: GenerateResult): void {
  const wanted = (plan.echo && plan.logprobs !== null) || plan.promptLogprobs !== null;
  if (wanted && !result.prompt) {
    throw new UnsupportedError(
      "echo",
      `the model ${result.model} returned no logprobs for the prompt tokens`,
    );
  }
}

/** Builds one choice from its job and the model's result. Cost: O(tokens x k). */
export function completionChoice(
  plan: CompletionPlan,
  job: CompletionJob,
  result: GenerateResult,
): CompletionChoice {
  requirePromptSequence(plan, result);
  const choice: CompletionChoice = {
    text: (plan.echo ? job.prompt : "") + result.text,
    index: job.index,
    logprobs:
      plan.logprobs === null
        ? null
        : toOpenAICompletionLogprobs(
            completionChoiceTokens(result, { prompt: job.prompt, echo: plan.echo, k: plan.logprobs }).map(
              tokenIdTextWhen(plan.tokenIds),
            ),
          ),
    finish_reason: openAIFinishReason(result.finishReason),
  };
  if (plan.promptLogprobs !== null) {
    choice.prompt_logprobs = toVllmPromptLogprobs(result.prompt?.tokens ?? [], plan.promptLogprobs);
  }
  return choice;
}

/**
 * Usage over all choices: prompt tokens once per prompt (the first choice of each), completion
 * tokens of every choice.
 */
export function completionUsage(plan: CompletionPlan, results: readonly GenerateResult[]): OpenAIUsage {
  let promptTokens = 0;
  let completionTokens = 0;
  let cachedTokens: number | undefined;
  results.forEach((result, index) => {
    if (index % plan.n === 0) promptTokens += result.usage.promptTokens;
    completionTokens += result.usage.completionTokens;
    if (result.usage.cachedPromptTokens !== undefined)
      cachedTokens = (cachedTokens ?? 0) + result.usage.cachedPromptTokens;
  });
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    ...(cachedTokens !== undefined ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}),
  };
}
