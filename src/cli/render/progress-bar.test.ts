import { describe, expect, it } from "vitest";
import { createProgressBar, formatDuration, formatProgress } from "./progress-bar.js";

describe("formatProgress", () => {
  it("computes rate and ETA (hand: 512 tokens in 2 s = 256 tok/s; 512 left / 256 = 2 s)", () => {
    expect(formatProgress({ done: 512, total: 1024, elapsedSeconds: 2 }, 10)).toBe(
      "[#####-----] 512/1024 tokens  50%  256 tok/s  ETA 2s",
    );
  });

  it("shows one decimal under 100 tok/s and question marks before any progress", () => {
    // hand: 30 / 4 = 7.5 tok/s; (90 - 30) / 7.5 = 8 s; 30/90 = 33%; round(0.333 * 12) = 4 cells.
    expect(formatProgress({ done: 30, total: 90, elapsedSeconds: 4 }, 12)).toBe(
      "[####--------] 30/90 tokens  33%  7.5 tok/s  ETA 8s",
    );
    expect(formatProgress({ done: 0, total: 90, elapsedSeconds: 0 }, 4)).toBe(
      "[----] 0/90 tokens   0%  ? tok/s  ETA ?",
    );
  });

  it("formats durations in s, m and h", () => {
    expect(formatDuration(0.2)).toBe("1s");
    expect(formatDuration(65)).toBe("1m05s");
    expect(formatDuration(3725)).toBe("1h02m");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("?");
  });
});

describe("createProgressBar", () => {
  function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    return { isTTY, writes, write: (text: string) => writes.push(text) };
  }

  it("draws on a terminal, throttles redraws and erases its line at the end", () => {
    const stream = fakeStream(true);
    let time = 1000;
    const bar = createProgressBar(stream, { now: () => time, minIntervalMs: 100 });
    time = 2000;
    bar.update(10, 40);
    time = 2050;
    bar.update(20, 40); // within 100 ms: skipped
    time = 3000;
    bar.update(40, 40);
    bar.finish();
    expect(stream.writes).toHaveLength(3);
    expect(stream.writes[0]).toContain("10/40 tokens");
    expect(stream.writes[0]).toContain("10.0 tok/s"); // hand: 10 tokens in 1 s
    expect(stream.writes[0]).toContain("ETA 3s"); // hand: 30 left at 10 tok/s
    expect(stream.writes[1]).toContain("40/40 tokens 100%  20.0 tok/s  ETA 0s"); // 40 in 2 s
    expect(stream.writes[2]).toBe("\r\u001b[K");
  });

  it("draws nothing when the stream is not a terminal", () => {
    const stream = fakeStream(false);
    const bar = createProgressBar(stream);
    bar.update(1, 2);
    bar.update(2, 2);
    bar.finish();
    expect(stream.writes).toEqual([]);
  });
});

describe("formatProgress units", () => {
  it("labels counts and rate with the given units (hand: 3 MiB in 2 s = 1.5 MiB/s, 3 left = 2 s)", () => {
    expect(formatProgress({ done: 3, total: 6, elapsedSeconds: 2 }, 2, "MiB", "MiB/s")).toBe(
      "[#-] 3/6 MiB  50%  1.5 MiB/s  ETA 2s",
    );
  });
});
