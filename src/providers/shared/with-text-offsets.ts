/**
 * Sets each token's `textOffset` to its start in the concatenated token texts, so offsets refer to
 * the sequence's own text whatever convention the vendor used (OpenAI counts from the prompt's
 * start, others from the output's).
 */
import type { GenerateResult } from "../../core/model.js";
import type { LogprobSequence } from "../../core/types.js";

/** A copy of `sequence` whose token offsets run cumulatively from `start` (UTF-16 code units). Cost: O(tokens). */
export function withTextOffsets(sequence: LogprobSequence, start = 0): LogprobSequence {
  let offset = start;
  const tokens = sequence.tokens.map((token) => {
    const copy = { ...token, textOffset: offset };
    offset += token.token.length;
    return copy;
  });
  return { ...sequence, tokens };
}

/** A copy of `result` whose sequence and prompt each have offsets relative to their own text. Cost: O(tokens). */
export function withResultOffsets(result: GenerateResult): GenerateResult {
  return {
    ...result,
    sequence: withTextOffsets(result.sequence),
    ...(result.prompt ? { prompt: withTextOffsets(result.prompt) } : {}),
  };
}
