import { InvalidInputError } from "../errors.js";
import { logSumExp } from "../math/log-sum-exp.js";

/**
 * Candidate tokens at one position, as parallel arrays: vocabulary ids and their log-scores.
 * Inputs may be logits or logprobs (any constant offset: only differences matter). Every
 * transform returns candidates whose `logprobs` are normalised (log-softmax over the kept set,
 * nats), sorted from most to least probable, without zero-probability (`-Infinity`) entries.
 */
export interface SamplingCandidates {
  ids: number[];
  logprobs: number[];
}

/**
 * Checks candidates: equal-length arrays, no `NaN` or `+Infinity` score.
 * Cost: O(n).
 *
 * @throws {InvalidInputError} naming `ids`/`logprobs` or the first bad `logprobs[i]`
 */
export function checkCandidates(candidates: SamplingCandidates): void {
  const { ids, logprobs } = candidates;
  if (!Array.isArray(ids) || !Array.isArray(logprobs) || ids.length !== logprobs.length) {
    throw new InvalidInputError(
      "candidates",
      `candidates need arrays ids and logprobs of equal length (got ${ids?.length} and ${logprobs?.length})`,
      "ids.length === logprobs.length",
    );
  }
  for (let index = 0; index < logprobs.length; index++) {
    const value = logprobs[index] as number;
    if (Number.isNaN(value) || value === Number.POSITIVE_INFINITY) {
      throw new InvalidInputError(
        `logprobs[${index}]`,
        `logprobs[${index}] is ${value}`,
        "a number or -Infinity",
      );
    }
  }
}

/**
 * Indices of the `limit` highest scores, from highest to lowest; ties keep index order.
 * Uses a size-`limit` min-heap when `limit` is much smaller than n (O(n log limit)), else a stable
 * LSD radix sort on the scores' IEEE-754 bits (O(n), four 16-bit passes), which is ~50x faster
 * than a comparison sort on a 150k-token vocabulary. Scores must not be NaN.
 */
export function descendingOrder(scores: ArrayLike<number>, limit: number = scores.length): number[] {
  const count = scores.length;
  const kept = Math.max(0, Math.min(limit, count));
  if (kept === 0) return [];
  if (kept * 8 >= count) {
    const sorted = radixOrderDescending(scores);
    const order = new Array<number>(kept);
    for (let position = 0; position < kept; position++) order[position] = sorted[position] as number;
    return order;
  }
  const before = (a: number, b: number) => {
    const difference = (scores[b] as number) - (scores[a] as number);
    return difference !== 0 && !Number.isNaN(difference) ? difference : a - b;
  };
  // Min-heap on "rank": the root is the worst of the best `kept` seen so far.
  const heap: number[] = [];
  const worse = (a: number, b: number) => before(a, b) > 0;
  const siftDown = (start: number) => {
    let parent = start;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      let child = left;
      if (right < heap.length && worse(heap[right] as number, heap[left] as number)) child = right;
      if (!worse(heap[child] as number, heap[parent] as number)) return;
      [heap[parent], heap[child]] = [heap[child] as number, heap[parent] as number];
      parent = child;
    }
  };
  for (let index = 0; index < count; index++) {
    if (heap.length < kept) {
      heap.push(index);
      let child = heap.length - 1;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!worse(heap[child] as number, heap[parent] as number)) break;
        [heap[parent], heap[child]] = [heap[child] as number, heap[parent] as number];
        child = parent;
      }
    } else if (worse(heap[0] as number, index)) {
      heap[0] = index;
      siftDown(0);
    }
  }
  return heap.sort(before);
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Stable descending argsort of doubles by LSD radix sort over their bits: each double is mapped to
 * a 64-bit key whose unsigned order is the reverse of the numeric order (sign bit flipped for
 * positives, all bits flipped for negatives, then inverted), and sorted in four 16-bit passes.
 * `-0` is treated as `0`. Cost: O(n + 4 * 65536), three typed arrays of n.
 */
function radixOrderDescending(scores: ArrayLike<number>): Uint32Array {
  const count = scores.length;
  const values = new Float64Array(count);
  for (let index = 0; index < count; index++) values[index] = (scores[index] as number) + 0;
  const words = new Uint32Array(values.buffer);
  const low = new Uint32Array(count);
  const high = new Uint32Array(count);
  const lowWord = littleEndian ? 0 : 1;
  for (let index = 0; index < count; index++) {
    let hi = words[2 * index + 1 - lowWord] as number;
    let lo = words[2 * index + lowWord] as number;
    if (hi & 0x80000000) {
      hi = ~hi;
      lo = ~lo;
    } else {
      hi ^= 0x80000000;
    }
    high[index] = ~hi >>> 0;
    low[index] = ~lo >>> 0;
  }
  let order = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  let scratch = new Uint32Array(count);
  const buckets = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const keys = pass < 2 ? low : high;
    const shift = pass % 2 === 0 ? 0 : 16;
    buckets.fill(0);
    for (let index = 0; index < count; index++) {
      const digit = ((keys[index] as number) >>> shift) & 0xffff;
      buckets[digit] = (buckets[digit] as number) + 1;
    }
    if (buckets[((keys[0] as number) >>> shift) & 0xffff] === count) continue; // all digits equal
    let total = 0;
    for (let digit = 0; digit < 65536; digit++) {
      const size = buckets[digit] as number;
      buckets[digit] = total;
      total += size;
    }
    for (let position = 0; position < count; position++) {
      const index = order[position] as number;
      const digit = ((keys[index] as number) >>> shift) & 0xffff;
      const target = buckets[digit] as number;
      buckets[digit] = target + 1;
      scratch[target] = index;
    }
    [order, scratch] = [scratch, order];
  }
  return order;
}

/**
 * Builds normalised candidates from the entries at `order` (already sorted by score), dividing
 * scores by `temperature`, and renormalising with log-sum-exp; `-Infinity` entries are dropped.
 * Cost: O(m) for m kept entries.
 */
export function pickCandidates(
  candidates: SamplingCandidates,
  order: readonly number[],
  temperature = 1,
): SamplingCandidates {
  const ids: number[] = [];
  const scores: number[] = [];
  for (const index of order) {
    const score = candidates.logprobs[index] as number;
    if (score === Number.NEGATIVE_INFINITY) continue;
    ids.push(candidates.ids[index] as number);
    scores.push(score / temperature);
  }
  const normaliser = logSumExp(scores);
  for (let index = 0; index < scores.length; index++) scores[index] = (scores[index] as number) - normaliser;
  return { ids, logprobs: scores };
}

/** Checks an optional `minKeep` (integer >= 0) and returns it (default 0). */
export function checkMinKeep(minKeep: number | undefined): number {
  if (minKeep === undefined) return 0;
  if (!Number.isInteger(minKeep) || minKeep < 0) {
    throw new InvalidInputError("minKeep", `minKeep is ${minKeep}`, "an integer >= 0");
  }
  return minKeep;
}

/** Checks a probability-valued setting in [0, 1]. */
export function checkUnitInterval(field: string, value: number): void {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new InvalidInputError(field, `${field} is ${value}`, "a number in [0, 1]");
  }
}
