/**
 * vLLM's `prompt_logprobs` on chat completions: one list at the top level of the answer (vLLM's
 * ChatCompletionResponse.prompt_logprobs), one entry per token of the templated prompt, in the
 * same `{token_id: {logprob, rank, decoded_token}}` shape as on legacy completions. The prompt is
 * the same for every choice, so the first choice's is sent.
 */
import { UnsupportedError } from "../../core/errors.js";
import type { GenerateResult } from "../../core/model.js";
import type { ChatPlan } from "../openai/chat-plan.js";
import { toVllmPromptLogprobs, type VllmLogprobEntry } from "../openai/prompt-logprobs.js";

/** `{prompt_logprobs}` when the plan asked for them, else `{}`. */
export function chatPromptLogprobs(
  plan: ChatPlan,
  results: readonly GenerateResult[],
): { prompt_logprobs?: (Record<string, VllmLogprobEntry> | null)[] } {
  if (plan.promptLogprobs === null) return {};
  const prompt = results[0]?.prompt;
  if (!prompt) {
    throw new UnsupportedError(
      "prompt_logprobs",
      `the model ${results[0]?.model} returned no logprobs for the prompt tokens`,
    );
  }
  return { prompt_logprobs: toVllmPromptLogprobs(prompt.tokens, plan.promptLogprobs) };
}
