import { describe, expect, it } from "vitest";
import { RequestQueue } from "./request-queue.js";
import { QueueFullError } from "./server-errors.js";

describe("RequestQueue", () => {
  it("admits maxConcurrent at once, queues maxQueue, refuses the rest with QueueFullError", async () => {
    const queue = new RequestQueue({ maxConcurrent: 2, maxQueue: 1 });
    const first = await queue.acquire();
    await queue.acquire();
    const waiting = queue.acquire();
    expect(queue.active).toBe(2);
    expect(queue.queued).toBe(1);
    await expect(queue.acquire()).rejects.toBeInstanceOf(QueueFullError);
    first();
    const third = await waiting;
    expect(queue.active).toBe(2);
    expect(queue.queued).toBe(0);
    third();
  });

  it("serves waiters first in, first out, and a double release frees one slot only", async () => {
    const queue = new RequestQueue({ maxConcurrent: 1, maxQueue: 3 });
    const release = await queue.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) =>
      queue.acquire().then((done) => {
        order.push(n);
        return done;
      }),
    );
    release();
    release();
    const firstDone = await waiters[0]!;
    expect(queue.active).toBe(1);
    expect(queue.queued).toBe(2);
    firstDone();
    (await waiters[1]!)();
    (await waiters[2]!)();
    expect(order).toEqual([1, 2, 3]);
    expect(queue.active).toBe(0);
  });

  it("a waiter whose signal aborts leaves the queue with the signal's reason", async () => {
    const queue = new RequestQueue({ maxConcurrent: 1, maxQueue: 1 });
    const release = await queue.acquire();
    const controller = new AbortController();
    const waiting = queue.acquire(controller.signal);
    const reason = new Error("gone");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(queue.queued).toBe(0);
    release();
    expect(queue.active).toBe(0);
  });
});
