/**
 * Runs an async function over a list with at most `limit` calls in flight, keeping results in input
 * order. This is how core code hands a backend several requests at once: the local engine packs the
 * requests it serves together into shared decodes (one pass over the weights for all of them).
 */
import { CancelledError } from "../errors.js";

/**
 * `Promise.all(items.map(work))` with at most `limit` calls running at a time, each call taking the
 * next item in order. After the first failure (or when `signal` aborts) no further item is started;
 * the calls in flight are awaited, so no work outlives the promise, and then the first error is
 * thrown (a `CancelledError` when aborted). Cost: `items.length` calls, O(limit) extra memory.
 *
 * @param limit calls in flight at once (an integer >= 1; larger than the list means all at once)
 * @param work the call for one item, given the item and its index
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`mapConcurrently: limit must be an integer >= 1 (got ${limit})`);
  }
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined && !signal?.aborted) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
        done++;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  if (done < items.length) throw new CancelledError("cancelled before every item was done");
  return results;
}
