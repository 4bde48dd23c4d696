/**
 * Turns a validated completions request into one model request per choice (`prompts x n`), after
 * checking it against what the model can do.
 */
import { InvalidInputError, UnsupportedError } from "../../core/errors.js";
import type { GenerateRequest, LogprobModel } from "../../core/model.js";
import { type CompletionsRequest, DEFAULT_COMPLETION_MAX_TOKENS } from "../schemas/completions-request.js";
import { toSamplingSettings } from "../schemas/sampling-fields.js";
import {
  checkLogprobsMode,
  checkMaxTokensFitContext,
  checkResponseFormat,
  checkTopLogprobs,
} from "./capability-checks.js";

/** One choice to generate. */
export interface CompletionJob {
  /** Index of the choice in the response: `promptIndex * n + j`, as OpenAI orders them. */
  index: number;
  prompt: string;
  request: Omit<GenerateRequest, "signal">;
}

/** The jobs of a request and how to present their logprobs. */
export interface CompletionPlan {
  jobs: CompletionJob[];
  /** Alternatives per token in `logprobs`, or null when the request asked for no logprobs. */
  logprobs: number | null;
  /** Alternatives per token in vLLM's `prompt_logprobs`, or null. */
  promptLogprobs: number | null;
  echo: boolean;
  /** Number of prompts (for usage: prompt tokens count once per prompt). */
  promptCount: number;
  n: number;
  /** vLLM's `return_tokens_as_token_ids`. */
  tokenIds: boolean;
}

/**
 * Builds the plan for `prompts` (the request's prompts as text). Throws {@link UnsupportedError}
 * when the request needs prompt logprobs or text prompts that the model lacks, and {@link InvalidInputError} when `logprobs` exceeds what the
 * model reports or `logprobs_mode` is not one it supports.
 */
export function planCompletion(
  body: CompletionsRequest,
  model: LogprobModel,
  prompts: readonly string[],
): CompletionPlan {
  if (!model.capabilities.textPrompt) {
    throw new UnsupportedError(
      "prompt",
      `the model ${model.id} takes chat messages only: use /v1/chat/completions`,
    );
  }
  const logprobs = body.logprobs ?? null;
  const promptLogprobs = body.prompt_logprobs ?? null;
  const echo = body.echo === true;
  if (logprobs !== null) checkTopLogprobs(model, "logprobs", logprobs);
  if (promptLogprobs !== null) checkTopLogprobs(model, "prompt_logprobs", promptLogprobs);
  const wantsPromptLogprobs = (echo && logprobs !== null) || promptLogprobs !== null;
  if (wantsPromptLogprobs && !model.capabilities.promptLogprobs) {
    throw new UnsupportedError(
      echo ? "echo" : "prompt_logprobs",
      `the model ${model.id} cannot return logprobs of prompt tokens`,
    );
  }
  if (body.logprobs_mode !== undefined) checkLogprobsMode(model, body.logprobs_mode);
  checkResponseFormat(model, "response_format", body.response_format);
  const n = body.n ?? 1;
  const maxTokens = body.max_tokens ?? DEFAULT_COMPLETION_MAX_TOKENS;
  checkMaxTokensFitContext(model, "max_tokens", body.max_tokens ?? undefined);
  const topLogprobs = Math.max(logprobs ?? 0, promptLogprobs ?? 0);
  const jobs: CompletionJob[] = [];
  prompts.forEach((prompt, promptIndex) => {
    if (prompt.length === 0 && wantsPromptLogprobs) {
      throw new InvalidInputError(`prompt`, "an empty prompt has no tokens to score", "a non-empty string");
    }
    for (let j = 0; j < n; j++) {
      const request: Omit<GenerateRequest, "signal"> = {
        prompt,
        maxTokens,
        stop: body.stop,
        sampling: toSamplingSettings(body, 1, j),
        topLogprobs,
      };
      if (body.logprobs_mode !== undefined) request.logprobsMode = body.logprobs_mode;
      if (body.response_format !== undefined) request.responseFormat = body.response_format;
      if (wantsPromptLogprobs) request.echo = true;
      jobs.push({ index: promptIndex * n + j, prompt, request });
    }
  });
  const tokenIds = body.return_tokens_as_token_ids === true;
  return { jobs, logprobs, promptLogprobs, echo, promptCount: prompts.length, n, tokenIds };
}
