/**
 * Streamed chat completions: per choice, a first chunk with `delta.role`, then one chunk per
 * generated token whose `logprobs.content` holds exactly that token (so every chunk carries the
 * logprobs of its delta), then a chunk with the finish reason; then, with
 * `stream_options.include_usage`, a usage chunk with no choices; then `[DONE]`.
 */
import type { GenerateResult, LogprobModel } from "../../core/model.js";
import { toOpenAIChatTokenLogprob } from "../../wire/index.js";
import type { ModelWork } from "../model-work.js";
import type { SendEvent } from "../sse-response.js";
import { streamGeneration } from "../stream-generation.js";
import { tokenIdTextWhen } from "../vllm/token-id-text.js";
import type { ChatPlan } from "./chat-plan.js";
import { chatUsage } from "./chat-response.js";
import { withChosenLogprob } from "./chosen-token-logprob.js";
import { openAIFinishReason } from "./completion-response.js";
import { DeltaText } from "./delta-text.js";
import { type ChunkMeta, chunkWriter } from "./stream-chunks.js";

/** Streams every choice of `plan`; returns the results. */
export async function streamChat(
  model: LogprobModel,
  plan: ChatPlan,
  work: ModelWork,
  send: SendEvent,
  meta: ChunkMeta,
): Promise<GenerateResult[]> {
  const writer = chunkWriter(send, meta, "chat.completion.chunk");
  const chunk = writer.choice;
  const tokenText = tokenIdTextWhen(plan.tokenIds);
  const results: GenerateResult[] = [];
  for (const [index, request] of plan.requests.entries()) {
    await chunk({ index, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null });
    const delta = new DeltaText();
    const result = await streamGeneration(model, request, work, ({ token }) =>
      chunk({
        index,
        delta: { content: delta.push(token.bytes) },
        logprobs: plan.logprobs
          ? {
              content: [toOpenAIChatTokenLogprob(tokenText(withChosenLogprob(token, plan.topLogprobs)))],
              refusal: null,
            }
          : null,
        finish_reason: null,
      }),
    );
    const rest = delta.rest(result.text);
    await chunk({
      index,
      delta: rest === "" ? {} : { content: rest },
      logprobs: null,
      finish_reason: openAIFinishReason(result.finishReason),
    });
    results.push(result);
  }
  await writer.end(chatUsage(results));
  return results;
}
