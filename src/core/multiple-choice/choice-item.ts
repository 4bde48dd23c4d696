/**
 * A multiple-choice item as lm-eval's `multiple_choice` tasks score it: one loglikelihood request
 * per choice, `log p(continuation_i | context_i)`, and a gold index. Most tasks share one context
 * (`context + delimiter + choice`, lm-eval's `target_delimiter` " "); Winogrande-style tasks vary
 * the context and share the continuation.
 */

import type { ContextContinuation } from "../decisions/label-logprobs.js";
import { InvalidInputError } from "../errors.js";

/** One item, ready to score. */
export interface ChoiceItem {
  /** One (context, continuation) request per choice. */
  requests: ContextContinuation[];
  /**
   * The text whose length `acc_norm` divides by, one per choice: the choice without the delimiter,
   * as lm-eval's `doc_to_choice` gives it.
   */
  choices: string[];
  /** Index of the correct choice. */
  gold: number;
}

/** lm-eval's default `target_delimiter`, put between the context and each choice. */
export const DEFAULT_TARGET_DELIMITER = " ";

/**
 * The item of a context, its choices and the gold index: choice i is scored as the continuation
 * `delimiter + choices[i]` of `context`. `field` prefixes the error fields (e.g. "line 3").
 *
 * @throws {InvalidInputError} naming the field when the context is empty, there are fewer than 2
 *   choices, a choice is empty, or `gold` is not an index of `choices`
 */
export function choiceItem(
  context: string,
  choices: readonly string[],
  gold: number,
  options: { delimiter?: string; field?: string } = {},
): ChoiceItem {
  const prefix = options.field === undefined ? "" : `${options.field}: `;
  if (context.length === 0)
    throw new InvalidInputError(
      `${prefix}context`,
      `${prefix}context must not be empty`,
      "a non-empty string",
    );
  if (choices.length < 2) {
    throw new InvalidInputError(
      `${prefix}choices`,
      `${prefix}choices must hold at least 2 choices (got ${choices.length})`,
      "2 or more non-empty strings",
    );
  }
  choices.forEach((choice, index) => {
    if (choice.trim().length === 0) {
      throw new InvalidInputError(
        `${prefix}choices[${index}]`,
        `${prefix}choices[${index}] must be a non-empty string (an empty ending has no token to score)`,
        "a non-empty string",
      );
    }
  });
  if (!Number.isInteger(gold) || gold < 0 || gold >= choices.length) {
    throw new InvalidInputError(
      `${prefix}gold`,
      `${prefix}gold must be an integer from 0 to ${choices.length - 1} (an index of choices)`,
      `0 to ${choices.length - 1}`,
    );
  }
  const delimiter = options.delimiter ?? DEFAULT_TARGET_DELIMITER;
  return {
    requests: choices.map((choice) => ({ context, continuation: delimiter + choice })),
    choices: [...choices],
    gold,
  };
}
