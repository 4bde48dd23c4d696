/**
 * SGLang's `/generate` answer, `{text, output_ids, meta_info}`, with the logprob fields that
 * `TokenizerManager` writes into `meta_info` (python/sglang/srt/managers/tokenizer_manager.py:
 * `detokenize_logprob_tokens`, `detokenize_top_logprobs_tokens`): each token is a triple
 * `[logprob, token_id, text]` (`text` null unless `return_text_in_logprobs`), the first prompt
 * position's logprob is null, and top alternatives are a list of triples per position.
 * `finish_reason` is `{type: "length", length}` or `{type: "stop"}` (with `matched`, the stop
 * string, when one ended the text).
 */
import type { GenerateResult } from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { matchedStopString } from "../matched-stop-string.js";
import { withChosenLogprob } from "../openai/chosen-token-logprob.js";
import type { SglangPlan } from "./generate-plan.js";

/** `[logprob, token_id, text]`; logprobe's extension adds `{entropy, rank}` as a fourth item. */
type Triple = (number | string | null | { entropy?: number; rank?: number })[];

function triple(plan: SglangPlan, logprob: number | null, id: number | undefined, text: string): Triple {
  return [logprob, id ?? null, plan.returnText ? text : null];
}

function tokenTriple(plan: SglangPlan, token: TokenLogprob): Triple {
  const entry = triple(plan, token.logprob, token.id, token.token);
  if (plan.extensions && (token.entropy !== undefined || token.rank !== undefined)) {
    entry.push({
      ...(token.entropy !== undefined ? { entropy: token.entropy } : {}),
      ...(token.rank !== undefined ? { rank: token.rank } : {}),
    });
  }
  return entry;
}

function topTriples(plan: SglangPlan, token: TokenLogprob): Triple[] | null {
  if (token.logprob === null) return null;
  return withChosenLogprob(token, plan.topLogprobs).top.map((top) =>
    triple(plan, top.logprob, top.id, top.token),
  );
}

/** The logprob fields of `meta_info` for the tokens so far. Cost: O(tokens x k). */
function logprobFields(plan: SglangPlan, output: readonly TokenLogprob[], prompt: readonly TokenLogprob[]) {
  if (!plan.returnLogprob) return {};
  const input = plan.logprobStart === null ? [] : prompt.slice(plan.logprobStart);
  return {
    input_token_logprobs: input.map((token) => tokenTriple(plan, token)),
    output_token_logprobs: output.map((token) => tokenTriple(plan, token)),
    ...(plan.topLogprobs > 0
      ? {
          input_top_logprobs: input.map((token) => topTriples(plan, token)),
          output_top_logprobs: output.map((token) => topTriples(plan, token)),
        }
      : {}),
  };
}

function finishReason(plan: SglangPlan, result: GenerateResult) {
  if (result.finishReason !== "stop") return { type: "length", length: result.usage.completionTokens };
  const matched = matchedStopString(result, plan.stop);
  return matched === undefined ? { type: "stop" } : { type: "stop", matched };
}

function ids(tokens: readonly TokenLogprob[]): number[] {
  return tokens.flatMap((token) => (token.id === undefined ? [] : [token.id]));
}

/** The whole answer (or the last streamed chunk). `elapsedSeconds`: the request's wall time. */
export function sglangFinal(
  plan: SglangPlan,
  result: GenerateResult,
  requestId: string,
  elapsedSeconds: number,
) {
  return {
    text: result.text,
    output_ids: ids(result.sequence.tokens),
    meta_info: {
      id: requestId,
      finish_reason: finishReason(plan, result),
      prompt_tokens: result.usage.promptTokens,
      ...logprobFields(plan, result.sequence.tokens, result.prompt?.tokens ?? []),
      completion_tokens: result.usage.completionTokens,
      e2e_latency: elapsedSeconds,
    },
  };
}

/**
 * A streamed chunk before the end: as SGLang streams by default, cumulative (the text, ids and
 * output logprobs so far), `finish_reason` null.
 */
export function sglangPartial(
  plan: SglangPlan,
  text: string,
  tokens: readonly TokenLogprob[],
  requestId: string,
) {
  return {
    text,
    output_ids: ids(tokens),
    meta_info: {
      id: requestId,
      finish_reason: null,
      ...logprobFields(plan, tokens, []),
      completion_tokens: tokens.length,
    },
  };
}
