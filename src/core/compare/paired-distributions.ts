/**
 * Streams the full next-token distributions of two models over the same windows, position by
 * position, in bounded memory: never more than `maxPositionsPerCall` distributions per model are
 * alive at once (each window is evaluated in consecutive slices of its tokens when it holds more
 * wanted positions than that), and nothing is kept after `visit` returns. This is what replaces
 * llama-perplexity's `--kl-divergence-base` file of every logit.
 */
import { CancelledError, InvalidInputError } from "../errors.js";
import type { DistributionWindow } from "./evaluation-windows.js";
import type { DistributionSequence, FullDistributionSource } from "./full-distributions.js";

/** Default memory for one slice of distributions, both models together: 128 MiB. */
export const DEFAULT_DISTRIBUTION_MEMORY_BYTES = 128 * 2 ** 20;

/** Options of {@link forEachDistributionPair}. */
export interface PairedDistributionOptions {
  signal?: AbortSignal | undefined;
  /** Called after each window with windows done and total. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Memory allowed for the distributions of one slice, both models (default 128 MiB). */
  memoryBytes?: number | undefined;
}

/** A stable number per source object, so that every caller acquires sequences in one order. */
const acquireOrder = new WeakMap<FullDistributionSource, number>();
let nextOrder = 0;
function orderOf(source: FullDistributionSource): number {
  let order = acquireOrder.get(source);
  if (order === undefined) {
    order = nextOrder++;
    acquireOrder.set(source, order);
  }
  return order;
}

/**
 * Largest number of positions per evaluator call so that two models' distributions of `V`
 * doubles each fit in `memoryBytes` (at least 1). O(1).
 */
export function positionsPerCall(vocabularySize: number, memoryBytes: number): number {
  return Math.max(1, Math.floor(memoryBytes / (2 * 8 * Math.max(1, vocabularySize))));
}

/**
 * The window size for two sources: `requested`, or the smaller context when absent.
 * @throws {InvalidInputError} naming `windowSize` when it exceeds the smaller context
 */
export function windowSizeFor(
  a: FullDistributionSource,
  b: FullDistributionSource,
  requested?: number,
): number {
  const context = Math.min(a.contextSize, b.contextSize);
  if (requested === undefined) return context;
  if (!Number.isInteger(requested) || requested < 2 || requested > context) {
    throw new InvalidInputError(
      "windowSize",
      `windowSize must be an integer from 2 to ${context} (the smaller context of the two models)`,
      `2 to ${context}`,
    );
  }
  return requested;
}

/**
 * Checks that two sources can be compared position by position: same vocabulary size and the same
 * tokens for `text`. Returns the tokens. Cost: two tokenizations, O(n).
 *
 * @throws {InvalidInputError} naming `fieldB` when the vocabularies or tokenizations differ
 */
export async function sharedTokens(
  a: FullDistributionSource,
  b: FullDistributionSource,
  text: string,
  fieldB: string,
): Promise<number[]> {
  if (a.vocabularySize !== b.vocabularySize) {
    throw new InvalidInputError(
      fieldB,
      `${b.id} has a vocabulary of ${b.vocabularySize} tokens but ${a.id} has ${a.vocabularySize}: exact comparison needs one shared tokenizer`,
      "a model with the same tokenizer",
    );
  }
  const [tokensA, tokensB] = await Promise.all([a.tokenize(text), b.tokenize(text)]);
  const differs = tokensA.length !== tokensB.length || tokensA.some((id, index) => tokensB[index] !== id);
  if (differs || a.bosToken !== b.bosToken) {
    throw new InvalidInputError(
      fieldB,
      `${b.id} splits the text into different tokens than ${a.id} (or uses another BOS): exact comparison needs one shared tokenizer`,
      "a model with the same tokenizer",
    );
  }
  return tokensA;
}

/**
 * Calls `visit(window, index, aLogprobs, bLogprobs)` for every compared position of every window,
 * in order, with both models' full distributions after `window.input[window.positions[index]]`.
 * When `a` and `b` are the same source, one sequence is evaluated and `visit` gets the same array
 * twice (so that a model compared with itself needs one free sequence, not two). Sequences are
 * acquired in one global order of the sources, so two requests pairing the same models in opposite
 * roles cannot each hold one model's last sequence while waiting for the other's.
 * Cost: one forward pass of each window per distinct model, plus `visit`.
 */
export async function forEachDistributionPair(
  a: FullDistributionSource,
  b: FullDistributionSource,
  windows: readonly DistributionWindow[],
  visit: (
    window: DistributionWindow,
    index: number,
    aLogprobs: Float64Array,
    bLogprobs: Float64Array,
  ) => void,
  options: PairedDistributionOptions = {},
): Promise<void> {
  const perCall = positionsPerCall(
    a.vocabularySize,
    options.memoryBytes ?? DEFAULT_DISTRIBUTION_MEMORY_BYTES,
  );
  const bFirst = a !== b && orderOf(b) < orderOf(a);
  let sequenceA: DistributionSequence | undefined;
  let sequenceB: DistributionSequence | undefined;
  try {
    if (bFirst) sequenceB = await b.acquireDistributionSequence(options.signal);
    sequenceA = await a.acquireDistributionSequence(options.signal);
    if (a !== b && !bFirst) sequenceB = await b.acquireDistributionSequence(options.signal);
    let done = 0;
    for (const window of windows) {
      if (options.signal?.aborted) throw new CancelledError("the comparison was cancelled");
      await Promise.all([sequenceA.clear(), sequenceB?.clear()]);
      let cursor = 0;
      let next = 0;
      while (next < window.positions.length) {
        // This slice ends after `perCall` more wanted positions, or at the window's end for the last.
        const last = next + perCall >= window.positions.length;
        const end = last ? window.input.length : (window.positions[next + perCall - 1] as number) + 1;
        const tokens = window.input.slice(cursor, end);
        const wanted = new Array<boolean>(tokens.length).fill(false);
        const from = next;
        while (next < window.positions.length && (window.positions[next] as number) < end) {
          wanted[(window.positions[next] as number) - cursor] = true;
          next++;
        }
        const fromA = await sequenceA.append(tokens, wanted);
        const fromB = sequenceB ? await sequenceB.append(tokens, wanted) : fromA;
        for (let index = from; index < next; index++) {
          const offset = (window.positions[index] as number) - cursor;
          const logprobsA = fromA[offset];
          const logprobsB = fromB[offset];
          if (!logprobsA || !logprobsB)
            throw new Error(`internal: no distribution at window position ${offset + cursor}`);
          visit(window, index, logprobsA, logprobsB);
        }
        cursor = end;
      }
      done++;
      options.onProgress?.(done, windows.length);
    }
  } finally {
    sequenceA?.release();
    sequenceB?.release();
  }
}
