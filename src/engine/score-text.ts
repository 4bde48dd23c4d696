/**
 * Scores a given text: the logprob of every token given the tokens before it, with perplexity and
 * bits per byte. Texts longer than one window are scored with the sliding-window method of Hugging
 * Face's perplexity guide: windows of `windowSize` tokens start every `stride` tokens, and each
 * window scores only the tokens the previous window did not, so every token after the first window
 * is conditioned on at least `windowSize - stride` tokens.
 *
 * BOS: when the model adds a BOS token (`tokenizer.ggml.add_bos_token`), every window starts with
 * it (as llama.cpp's perplexity tool does), the first text token is conditioned on it and
 * `bosConditioned` is true; otherwise the first token's logprob is `null`.
 *
 * Cost: one forward pass over each window (about `n * windowSize / stride` token evaluations),
 * plus the per-position statistics of every scored token (see the evaluator).
 */
import type { Token } from "node-llama-cpp";
import { planWindows } from "../core/compare/evaluation-windows.js";
import { CancelledError, InvalidInputError } from "../core/errors.js";
import { bitsPerByte } from "../core/math/bits-per-byte.js";
import { perplexity } from "../core/math/perplexity.js";
import type { ScoreRequest, ScoreResult } from "../core/model.js";
import type { TokenLogprob } from "../core/types.js";
import { type EngineRuntime, engineProvenance } from "./engine-runtime.js";
import type { PositionQuery, PositionStats } from "./position-stats.js";
import { TextAssembler } from "./token-records.js";

export { planWindows, type ScoreWindow } from "../core/compare/evaluation-windows.js";

/** Scores `request.text` (validated). */
export async function scoreText(runtime: EngineRuntime, request: ScoreRequest): Promise<ScoreResult> {
  const { model, evaluator } = runtime;
  const tokens = await runtime.tokenizer.tokenize(request.text, false);
  const bos = model.tokens.bos;
  const withBos = model.tokens.shouldPrependBosToken && bos !== null;
  const windowSize = request.windowSize ?? evaluator.contextSize;
  const textWindow = windowSize - (withBos ? 1 : 0);
  if (textWindow < 1) {
    throw new InvalidInputError(
      "windowSize",
      "windowSize must leave room for at least 1 text token after BOS",
      `2 to ${evaluator.contextSize}`,
    );
  }
  const stride = request.stride ?? Math.max(1, Math.floor(textWindow / 2));
  if (stride > textWindow) {
    throw new InvalidInputError(
      "stride",
      `stride must be an integer from 1 to ${textWindow} (the window's text tokens)`,
      `1 to ${textWindow}`,
    );
  }
  const topK = request.topLogprobs ?? 0;
  const numbers: (PositionStats | undefined)[] = new Array(tokens.length).fill(undefined);
  const windows = planWindows(tokens.length, textWindow, stride);

  const sequence = await evaluator.acquire(request.signal);
  try {
    for (const window of windows) {
      if (request.signal?.aborted) throw new CancelledError("scoring was cancelled");
      const input = [...(withBos ? [bos as Token as number] : []), ...tokens.slice(window.begin, window.end)];
      const offset = withBos ? 1 : 0;
      // Position p of `input` predicts input[p + 1]; text token j sits at p = j - begin + offset.
      const queries: (PositionQuery | undefined)[] = input.map((_, position) => {
        const next = window.begin + position - offset + 1;
        if (next < window.scoreFrom || next >= window.end) return undefined;
        return { topK, target: tokens[next]! };
      });
      await sequence.truncate(0);
      const stats = await sequence.evaluate(input, queries);
      stats.forEach((position, index) => {
        if (position) numbers[window.begin + index - offset + 1] = position;
      });
      request.onProgress?.(window.end, tokens.length);
    }
  } finally {
    sequence.release();
  }

  return scoreResultOf(runtime, tokens, numbers, withBos);
}

/**
 * The {@link ScoreResult} of `tokens` (the text's tokens, without BOS) from the statistics of the
 * positions that predicted them (`numbers[i]` for token i, undefined when unscored): token
 * records, perplexity and bits per byte. O(tokens).
 */
export function scoreResultOf(
  runtime: EngineRuntime,
  tokens: readonly number[],
  numbers: readonly (PositionStats | undefined)[],
  withBos: boolean,
): ScoreResult {
  const assembler = new TextAssembler(runtime.bytesOf);
  const records: TokenLogprob[] = tokens.map((id, index) => {
    const position = numbers[index];
    return assembler.push(
      id,
      position
        ? {
            logprob: position.targetLogprob ?? null,
            top: position.top,
            entropy: position.entropy,
            ...(position.targetRank !== undefined ? { rank: position.targetRank } : {}),
          }
        : { logprob: null, top: [] },
      true,
    );
  });
  const scored = records.filter((record) => record.logprob !== null);
  const logprobs = scored.map((record) => record.logprob as number);
  const byteCount = scored.reduce((sum, record) => sum + record.bytes.length, 0);
  const nll = -logprobs.reduce((sum, value) => sum + value, 0);
  if (scored.length === 0) {
    throw new InvalidInputError(
      "text",
      "text must hold at least 2 tokens: the model adds no BOS token, so its first token has nothing to condition on",
      "a text of at least 2 tokens",
    );
  }
  return {
    sequence: {
      tokens: records,
      provenance: engineProvenance(runtime, "raw"),
      text: assembler.finish(),
    },
    bosConditioned: withBos,
    perplexity: perplexity(logprobs),
    bitsPerByte: bitsPerByte(Math.max(0, nll), Math.max(1, byteCount)),
    usage: { promptTokens: tokens.length + (withBos ? 1 : 0), completionTokens: 0 },
    warnings: [],
    model: runtime.id,
  };
}
