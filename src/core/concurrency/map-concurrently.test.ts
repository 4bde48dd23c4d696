import { describe, expect, it } from "vitest";
import { CancelledError } from "../errors.js";
import { mapConcurrently } from "./map-concurrently.js";

/** A promise with its resolve/reject exposed, so a test decides when each call ends. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("mapConcurrently", () => {
  it("keeps input order whatever order the calls end in", async () => {
    const delays = [30, 5, 20, 1, 10];
    const results = await mapConcurrently(delays, 3, async (delay, index) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return `${index}:${delay}`;
    });
    expect(results).toEqual(["0:30", "1:5", "2:20", "3:1", "4:10"]);
  });

  it("never has more than `limit` calls in flight, and reaches the limit", async () => {
    let inFlight = 0;
    let most = 0;
    await mapConcurrently(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, i % 3));
        inFlight--;
      },
    );
    expect(most).toBe(4);
  });

  it("starts nothing after a failure, awaits the calls in flight, then throws the first error", async () => {
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapConcurrently([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await gates[i]?.promise;
      finished.push(i);
      return i;
    });
    gates[0]!.reject(new Error("first"));
    await tick();
    // Item 1 is still in flight; item 2 was not started after the failure.
    expect(started).toEqual([0, 1]);
    let settled = false;
    void run.catch(() => {
      settled = true;
    });
    await tick();
    expect(settled).toBe(false);
    gates[1]!.resolve();
    await expect(run).rejects.toThrow("first");
    expect(finished).toEqual([1]);
  });

  it("throws CancelledError when the signal aborts before every item is done", async () => {
    const controller = new AbortController();
    const run = mapConcurrently(
      [1, 2, 3, 4],
      1,
      async (i) => {
        if (i === 2) controller.abort();
        return i;
      },
      controller.signal,
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it("returns [] for no items and rejects a limit below 1", async () => {
    expect(await mapConcurrently([], 2, async () => 1)).toEqual([]);
    await expect(mapConcurrently([1], 0, async () => 1)).rejects.toThrow(/limit must be an integer >= 1/);
  });
});
