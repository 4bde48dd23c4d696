/**
 * `--shard i/n`: a stable, disjoint part of a batch input, chosen by a hash of each item's id, so
 * that n copies of the same command (a Slurm job array, a Kubernetes indexed Job, GNU parallel)
 * cover the corpus exactly once, whatever order the lines are in and whichever machine runs which.
 */
import { InvalidInputError } from "../../core/errors.js";

/** One shard: `index` from 0 to `count - 1`. */
export interface BatchShard {
  index: number;
  count: number;
}

/** Most shards. */
export const MAX_SHARDS = 100_000;

/**
 * Parses `i/n` (0 <= i < n <= {@link MAX_SHARDS}).
 *
 * @throws {InvalidInputError} on field `--shard` otherwise
 */
export function parseShard(text: string): BatchShard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const allowed = `i/n with n from 1 to ${MAX_SHARDS} and i from 0 to n-1 (e.g. 0/4; $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)`;
  if (!match) throw new InvalidInputError("--shard", `"${text}" is not i/n`, allowed);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS || index >= count) {
    throw new InvalidInputError("--shard", `${index}/${count} is out of range`, allowed);
  }
  return { index, count };
}

/**
 * 32-bit FNV-1a of the UTF-8 bytes of `text` (Fowler, Noll, Vo; offset basis 2166136261, prime
 * 16777619). Stable across machines and Node versions. Cost: O(bytes).
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Whether the item with this id belongs to `shard`. */
export function inShard(id: string, shard: BatchShard): boolean {
  return fnv1a32(id) % shard.count === shard.index;
}
