/** The fair pool: first come, first served; cancellation while waiting; closing. */
import { describe, expect, it } from "vitest";
import { CancelledError, LogprobeError } from "../core/errors.js";
import { SequencePool } from "./sequence-pool.js";

describe("SequencePool", () => {
  it("hands items out in arrival order when requests wait", async () => {
    const pool = new SequencePool(["a"]);
    const first = await pool.take();
    const order: string[] = [];
    const second = pool.take().then((item) => order.push(`second:${item}`));
    const third = pool.take().then((item) => order.push(`third:${item}`));
    expect(pool.waiting).toBe(2);
    pool.give(first);
    await second;
    pool.give("a");
    await third;
    expect(order).toEqual(["second:a", "third:a"]);
  });

  it("rejects a waiting request whose signal aborts, without losing the item", async () => {
    const pool = new SequencePool([1]);
    const held = await pool.take();
    const controller = new AbortController();
    const waiting = pool.take(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    expect(pool.waiting).toBe(0);
    pool.give(held);
    await expect(pool.take()).resolves.toBe(1);
    const aborted = new AbortController();
    aborted.abort();
    await expect(pool.take(aborted.signal)).rejects.toBeInstanceOf(CancelledError);
  });

  it("rejects waiting and later requests once closed", async () => {
    const pool = new SequencePool([1]);
    await pool.take();
    const waiting = pool.take();
    pool.close();
    await expect(waiting).rejects.toBeInstanceOf(LogprobeError);
    await expect(pool.take()).rejects.toBeInstanceOf(LogprobeError);
  });
});
