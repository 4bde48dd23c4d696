/**
 * A fair (first come, first served) pool of a fixed number of resources, used to share a context's
 * sequences between concurrent requests: requests beyond the pool size wait their turn.
 */
import { CancelledError, LogprobeError } from "../core/errors.js";

interface Waiter<T> {
  resolve: (item: T) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Fixed set of items handed out one request at a time, in arrival order. */
export class SequencePool<T> {
  readonly #free: T[];
  readonly #waiters: Waiter<T>[] = [];
  #closed = false;

  constructor(items: readonly T[]) {
    this.#free = [...items];
  }

  /** Number of requests waiting for an item. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** The free items, longest free first. */
  get free(): readonly T[] {
    return this.#free;
  }

  /**
   * Takes a free item, or waits for one; rejects with CancelledError when `signal` aborts. With
   * `choose`, a free item is picked by its index in {@link free} (default the longest free).
   */
  take(signal?: AbortSignal, choose?: (free: readonly T[]) => number): Promise<T> {
    if (this.#closed) return Promise.reject(new LogprobeError("closed", "the model is closed"));
    if (signal?.aborted)
      return Promise.reject(new CancelledError("cancelled while waiting for a free sequence"));
    let item: T | undefined;
    if (this.#waiters.length === 0 && this.#free.length > 0) {
      const index = choose ? choose(this.#free) : 0;
      item = this.#free.splice(index >= 0 && index < this.#free.length ? index : 0, 1)[0];
    }
    if (item !== undefined) return Promise.resolve(item);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(new CancelledError("cancelled while waiting for a free sequence"));
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Returns an item: the longest-waiting request gets it, else it goes back to the free list. */
  give(item: T): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(item);
    } else {
      this.#free.push(item);
    }
  }

  /** Rejects every waiting request; later `take` calls reject too. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) {
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.reject(new LogprobeError("closed", "the model was closed while the request waited"));
    }
  }
}
