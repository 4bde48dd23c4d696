/**
 * `--parallel`: how many requests of one command a local model serves at once, each on its own
 * context sequence, their tokens packed into shared decodes (one pass over the weights for all).
 * The KV cache grows with it: `--context-size` times the sequences opened.
 */
import { integerFlag } from "./flag-schemas.js";

/** Largest `--parallel` (the engine's limit on context sequences). */
export const MAX_PARALLEL_SEQUENCES = 64;

/** `--parallel` when not given. */
export const DEFAULT_PARALLEL = 4;

/** The flag's schema: an integer from 1 to {@link MAX_PARALLEL_SEQUENCES}, optional. */
export function parallelFlag() {
  return integerFlag({ min: 1, max: MAX_PARALLEL_SEQUENCES }).optional();
}

/** The flag's help text; `what` says what runs at once (e.g. "texts scored"). */
export function parallelHelp(what: string): string {
  return `${what} at once, each on its own context sequence packed into shared decodes, 1 to ${MAX_PARALLEL_SEQUENCES} (default: ${DEFAULT_PARALLEL})`;
}

/**
 * Sequences to open for `requests` calls: the flag's value (default {@link DEFAULT_PARALLEL}),
 * never more than the calls there are, at least 1.
 */
export function sequencesFor(requested: number | undefined, requests: number): number {
  return Math.max(1, Math.min(requested ?? DEFAULT_PARALLEL, requests));
}
