/**
 * Streamed legacy completions: one `text_completion` chunk per generated token, carrying that
 * token's text delta and its logprobs; then one chunk with the finish reason per choice; then,
 * when `stream_options.include_usage`, a usage chunk; then `[DONE]`.
 *
 * With `echo`, the prompt chunk must come first but the model reports prompt logprobs only with
 * its final result, so an echoed choice is sent once generated (prompt chunk, then its tokens).
 */
import type { GenerateResult, LogprobModel } from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { toOpenAICompletionLogprobs } from "../../wire/index.js";
import type { ModelWork } from "../model-work.js";
import type { SendEvent } from "../sse-response.js";
import { streamGeneration } from "../stream-generation.js";
import { tokenIdTextWhen } from "../vllm/token-id-text.js";
import { withChosenLogprob } from "./chosen-token-logprob.js";
import type { CompletionJob, CompletionPlan } from "./completion-plan.js";
import {
  type CompletionChoice,
  completionUsage,
  openAIFinishReason,
  requirePromptSequence,
} from "./completion-response.js";
import { echoedPromptTokens } from "./completion-tokens.js";
import { DeltaText } from "./delta-text.js";
import { toVllmPromptLogprobs } from "./prompt-logprobs.js";
import { type ChunkMeta, chunkWriter } from "./stream-chunks.js";

/** Streams every choice of `plan`; returns the results (for usage and the log). */
export async function streamCompletion(
  model: LogprobModel,
  plan: CompletionPlan,
  work: ModelWork,
  send: SendEvent,
  meta: ChunkMeta,
): Promise<GenerateResult[]> {
  const writer = chunkWriter(send, meta, "text_completion");
  const results: GenerateResult[] = [];
  for (const job of plan.jobs) {
    results.push(await streamChoice(model, plan, job, work, writer.choice));
  }
  await writer.end(completionUsage(plan, results));
  return results;
}

async function streamChoice(
  model: LogprobModel,
  plan: CompletionPlan,
  job: CompletionJob,
  work: ModelWork,
  chunk: (choice: CompletionChoice) => Promise<void>,
): Promise<GenerateResult> {
  const delta = new DeltaText();
  const tokenText = tokenIdTextWhen(plan.tokenIds);
  const base = plan.echo ? 0 : job.prompt.length;
  const tokenChunk = (token: TokenLogprob, text: string, offset: number): CompletionChoice => ({
    text,
    index: job.index,
    logprobs:
      plan.logprobs === null
        ? null
        : toOpenAICompletionLogprobs([
            { ...tokenText(withChosenLogprob(token, plan.logprobs)), textOffset: offset },
          ]),
    finish_reason: null,
  });
  const held: TokenLogprob[] = [];
  const result = await streamGeneration(model, job.request, work, async ({ token }) => {
    if (plan.echo) held.push(token);
    else {
      const offset = base + (token.textOffset ?? delta.length);
      await chunk(tokenChunk(token, delta.push(token.bytes), offset));
    }
  });
  requirePromptSequence(plan, result);
  if (plan.echo) {
    const promptTokens = echoedPromptTokens(result, plan.logprobs ?? 0, job.prompt);
    const first: CompletionChoice = {
      text: job.prompt,
      index: job.index,
      logprobs: plan.logprobs === null ? null : toOpenAICompletionLogprobs(promptTokens.map(tokenText)),
      finish_reason: null,
    };
    if (plan.promptLogprobs !== null) {
      first.prompt_logprobs = toVllmPromptLogprobs(result.prompt?.tokens ?? [], plan.promptLogprobs);
    }
    await chunk(first);
    for (const token of held) {
      const offset = job.prompt.length + (token.textOffset ?? delta.length);
      await chunk(tokenChunk(token, delta.push(token.bytes), offset));
    }
  } else if (plan.promptLogprobs !== null) {
    await chunk({
      text: "",
      index: job.index,
      logprobs: null,
      finish_reason: null,
      prompt_logprobs: toVllmPromptLogprobs(result.prompt?.tokens ?? [], plan.promptLogprobs),
    });
  }
  await chunk({
    text: delta.rest(result.text),
    index: job.index,
    logprobs: null,
    finish_reason: openAIFinishReason(result.finishReason),
  });
  return result;
}
