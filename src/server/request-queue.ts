/**
 * A bounded admission queue: at most `maxConcurrent` holders at once, at most `maxQueue` waiting,
 * and {@link QueueFullError} beyond that. Waiters are served first in, first out; a waiter whose
 * signal aborts leaves the queue.
 */
import { QueueFullError } from "./server-errors.js";

/** Releases a slot; calling it more than once has no further effect. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Counts slots and queues callers; see the module comment. */
export class RequestQueue {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  #active = 0;
  readonly #waiting: Waiter[] = [];

  constructor(limits: { maxConcurrent: number; maxQueue: number }) {
    this.maxConcurrent = limits.maxConcurrent;
    this.maxQueue = limits.maxQueue;
  }

  /** Requests holding a slot now. */
  get active(): number {
    return this.#active;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Waits for a slot. Rejects at once with {@link QueueFullError} when every slot is taken and the
   * queue is full, and with the signal's reason when `signal` aborts first. Cost: O(1) (O(queue)
   * on abort).
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.maxConcurrent) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#waiting.length >= this.maxQueue) {
      return Promise.reject(new QueueFullError(this.maxConcurrent, this.maxQueue));
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiting.indexOf(waiter);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) {
        next.signal?.removeEventListener("abort", next.onAbort);
        next.grant(this.#releaser());
      } else {
        this.#active--;
      }
    };
  }
}
