/**
 * Builds a {@link ScoreResult} from the logprobs of a scored text, with perplexity and bits per
 * byte from core's `summarizeSequence` (the same definitions the engine uses).
 */
import { summarizeSequence } from "../../core/analysis/summarize-sequence.js";
import { InvalidInputError } from "../../core/errors.js";
import type { ModelWarning, ScoreResult, Usage } from "../../core/model.js";
import type { LogprobSequence } from "../../core/types.js";

/**
 * @param sequence the text's tokens (all of them prompt tokens), first one `null` unless the backend
 *   conditioned it on BOS
 * @throws {InvalidInputError} on field `text` when no token has a known logprob (a one-token text
 *   on a backend that does not condition on BOS)
 */
export function buildScoreResult(
  sequence: LogprobSequence,
  fields: { usage: Usage; warnings: ModelWarning[]; model: string },
): ScoreResult {
  const summary = summarizeSequence(sequence.tokens);
  if (summary.perplexity === null || summary.bitsPerByte === null) {
    throw new InvalidInputError(
      "text",
      `the backend returned no conditioned token for this text (${sequence.tokens.length} token(s), the first one is unconditioned), so nothing can be scored`,
      "a text of at least two tokens",
    );
  }
  const first = sequence.tokens[0];
  return {
    sequence,
    bosConditioned: first !== undefined && first.logprob !== null,
    perplexity: summary.perplexity,
    bitsPerByte: summary.bitsPerByte,
    usage: fields.usage,
    warnings: fields.warnings,
    model: fields.model,
  };
}
