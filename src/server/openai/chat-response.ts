/** Chat completion choices and usage (`object: "chat.completion"`) from model results. */
import type { GenerateResult } from "../../core/model.js";
import { type OpenAIChatLogprobs, toOpenAIChatLogprobs } from "../../wire/index.js";
import { tokenIdTextWhen } from "../vllm/token-id-text.js";
import type { ChatPlan } from "./chat-plan.js";
import { withChosenLogprob } from "./chosen-token-logprob.js";
import { type OpenAIUsage, openAIFinishReason } from "./completion-response.js";

/** One chat choice as this server emits it. */
export interface ChatChoice {
  index: number;
  message: { role: "assistant"; content: string; refusal: null };
  logprobs: OpenAIChatLogprobs | null;
  finish_reason: "stop" | "length";
}

/** Builds choice `index` from the model's result. Cost: O(tokens x k). */
export function chatChoice(plan: ChatPlan, index: number, result: GenerateResult): ChatChoice {
  const tokenText = tokenIdTextWhen(plan.tokenIds);
  return {
    index,
    message: { role: "assistant", content: result.text, refusal: null },
    logprobs: plan.logprobs
      ? toOpenAIChatLogprobs(
          result.sequence.tokens.map((token) => tokenText(withChosenLogprob(token, plan.topLogprobs))),
        )
      : null,
    finish_reason: openAIFinishReason(result.finishReason),
  };
}

/** Usage over the choices: the (shared) prompt once, every choice's completion tokens. */
export function chatUsage(results: readonly GenerateResult[]): OpenAIUsage {
  const promptTokens = results[0]?.usage.promptTokens ?? 0;
  const completionTokens = results.reduce((sum, result) => sum + result.usage.completionTokens, 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}
