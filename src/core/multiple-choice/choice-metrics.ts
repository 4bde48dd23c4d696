/**
 * Per-item predictions and accuracies of a multiple-choice item, with lm-eval's definitions
 * (`lm_eval/api/task.py`, `ConfigurableTask.process_results`, output type `multiple_choice`):
 * - `acc`: `argmax(lls) == gold`;
 * - `acc_norm`: `argmax(lls / completion_len) == gold`, where `completion_len` is `len(choice)`:
 *   Python's string length, in Unicode code points (not bytes);
 * - `acc_bytes`: `argmax(lls / byte_length) == gold`, with the choice's UTF-8 byte length.
 * `argmax` takes the first maximum, as numpy's does. Cost: O(choices).
 */

/** Predictions and 0/1 scores of one item. */
export interface ChoiceItemMetrics {
  /** Index of the choice with the highest loglikelihood. */
  pred: number;
  /** Index with the highest loglikelihood per code point of the choice. */
  predNorm: number;
  /** Index with the highest loglikelihood per UTF-8 byte of the choice. */
  predBytes: number;
  acc: 0 | 1;
  accNorm: 0 | 1;
  accBytes: 0 | 1;
}

/** Index of the first maximum (numpy's argmax); -Infinity values lose to any finite one. */
export function firstArgmax(values: readonly number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) {
    if ((values[index] as number) > (values[best] as number)) best = index;
  }
  return best;
}

/**
 * llama-perplexity's score of each choice (`--hellaswag`, `--multiple-choice`,
 * tools/perplexity/perplexity.cpp): the mean logprob of the tokens after the longest token prefix
 * that every choice's full text shares (the context, plus any first tokens all endings share), at
 * least the last token of each. `tokens[i]` are choice i's continuation tokens (ids and logprobs)
 * after the same context tokens. Null when a token id is unknown. O(total tokens).
 */
export function llamaPerplexityScores(
  tokens: readonly (readonly { id?: number; logprob: number }[])[],
): number[] | null {
  if (tokens.some((list) => list.length === 0 || list.some((token) => token.id === undefined))) return null;
  let common = 0;
  const shortest = Math.min(...tokens.map((list) => list.length));
  while (common < shortest && tokens.every((list) => list[common]?.id === tokens[0]?.[common]?.id)) common++;
  return tokens.map((list) => {
    const from = Math.min(common, list.length - 1);
    const scored = list.slice(from);
    return scored.reduce((sum, token) => sum + token.logprob, 0) / scored.length;
  });
}

/** Length of a string in Unicode code points, as Python's `len(str)`. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * The metrics of one item from its choices' loglikelihoods (`lls[i] = log p(choice i | context)`).
 * @throws {RangeError} when `lls` and `choices` differ in length or a choice is empty
 */
export function choiceItemMetrics(
  lls: readonly number[],
  choices: readonly string[],
  gold: number,
): ChoiceItemMetrics {
  if (lls.length !== choices.length) {
    throw new RangeError(`got ${lls.length} loglikelihoods for ${choices.length} choices`);
  }
  if (choices.some((choice) => choice.length === 0))
    throw new RangeError("a choice is empty: its length normalisation divides by 0");
  const pred = firstArgmax(lls);
  const predNorm = firstArgmax(lls.map((ll, index) => ll / codePointLength(choices[index] as string)));
  const encoder = new TextEncoder();
  const predBytes = firstArgmax(lls.map((ll, index) => ll / encoder.encode(choices[index] as string).length));
  return {
    pred,
    predNorm,
    predBytes,
    acc: pred === gold ? 1 : 0,
    accNorm: predNorm === gold ? 1 : 0,
    accBytes: predBytes === gold ? 1 : 0,
  };
}
