// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useRequest } from "./use-request.js";

afterEach(cleanup);

/** A task that resolves with `value` when `release` is called, or rejects when its signal aborts. */
function pending(value: string) {
  let release = () => {};
  const task = (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      release = () => resolve(value);
      signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  return { task, release: () => release() };
}

describe("useRequest", () => {
  it("keeps the value, counts runs, and reports a failure as the error", async () => {
    const { result } = renderHook(() => useRequest<string>());
    let outcome: unknown;
    await act(async () => {
      outcome = await result.current.run(async () => "first");
    });
    expect(outcome).toEqual({ status: "done", value: "first" });
    expect(result.current.result).toBe("first");
    expect(result.current.runs).toBe(1);
    const failure = new Error("server said no");
    await act(async () => {
      outcome = await result.current.run(async () => {
        throw failure;
      });
    });
    expect(outcome).toEqual({ status: "failed", error: failure });
    expect(result.current.error).toBe(failure);
    expect(result.current.result).toBe("first");
  });

  it("aborts the request in flight when a new one starts; an abort is no error, and the newer one keeps running", async () => {
    const { result } = renderHook(() => useRequest<string>());
    const older = pending("older");
    const newer = pending("newer");
    let olderOutcome: Promise<unknown> = Promise.resolve();
    let newerOutcome: Promise<unknown> = Promise.resolve();
    act(() => {
      olderOutcome = result.current.run(older.task);
    });
    act(() => {
      newerOutcome = result.current.run(newer.task);
    });
    await act(async () => {
      expect(await olderOutcome).toEqual({ status: "cancelled" });
    });
    expect(result.current.running).toBe(true);
    expect(result.current.error).toBeNull();
    await act(async () => {
      newer.release();
      expect(await newerOutcome).toEqual({ status: "done", value: "newer" });
    });
    expect(result.current.running).toBe(false);
    expect(result.current.result).toBe("newer");
  });
});
