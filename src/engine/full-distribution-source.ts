/**
 * The engine's {@link FullDistributionSource}: exact next-token distributions of a loaded model,
 * for comparing models (KL divergence) and Binoculars. Each `append` is one evaluator call with a
 * `full` query at the wanted positions:
 * - native evaluator: the raw float32 logits of each wanted position come back from the addon
 *   (`NativeDecodeRequest.full`) and become logprobs in double precision (`logit - logSumExp`):
 *   exact up to llama.cpp's own float32 logits;
 * - node-llama-cpp fallback: its float32 probability list of every token, renormalised in double
 *   precision; probabilities below the float32 minimum read as 1.4e-45 (logprob -103.28).
 * Memory is what the caller asks for: V doubles per wanted position of one call.
 */

import type { DistributionSequence, FullDistributionSource } from "../core/compare/full-distributions.js";
import { ContextOverflowError } from "../core/errors.js";
import type { EngineRuntime } from "./engine-runtime.js";
import type { PositionQuery } from "./position-stats.js";
import { tokenText } from "./token-records.js";

const FULL: PositionQuery = { topK: 0, full: true };

/** Wraps an engine runtime. `assertOpen` throws once the model is closed. O(1). */
export function createFullDistributionSource(
  runtime: EngineRuntime,
  assertOpen: () => void,
): FullDistributionSource {
  const { model, evaluator } = runtime;
  const bos = model.tokens.bos;
  const bosToken = model.tokens.shouldPrependBosToken && bos !== null ? (bos as number) : null;
  return {
    id: runtime.id,
    vocabularySize: evaluator.vocabularySize,
    contextSize: evaluator.contextSize,
    bosToken,
    evaluatorName: evaluator.info.name,
    // As scoring does: long texts are tokenized on the tokenizer thread, not the main thread.
    async tokenize(text: string): Promise<number[]> {
      assertOpen();
      return runtime.tokenizer.tokenize(text, false);
    },
    tokenPiece: (id: number) => tokenText(runtime.bytesOf(id)),
    async acquireDistributionSequence(signal?: AbortSignal): Promise<DistributionSequence> {
      assertOpen();
      const sequence = await evaluator.acquire(signal);
      return {
        async append(tokens, wanted) {
          const total = sequence.tokens.length + tokens.length;
          if (total > evaluator.contextSize) {
            throw new ContextOverflowError(
              total,
              evaluator.contextSize,
              `the window needs ${total} tokens but the context holds ${evaluator.contextSize}; use a smaller window or load the model with a larger contextSize`,
            );
          }
          const stats = await sequence.evaluate(
            tokens,
            tokens.map((_, index) => (wanted[index] ? FULL : undefined)),
          );
          return stats.map((position) => position?.logprobs);
        },
        clear: () => sequence.truncate(0),
        release: () => sequence.release(),
      };
    },
  };
}
