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
