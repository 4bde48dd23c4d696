/** The sliding-window plan against Hugging Face's perplexity guide, worked by hand. */
import { describe, expect, it } from "vitest";
import { planWindows } from "./score-text.js";

describe("planWindows", () => {
  it("follows the guide: windows every stride tokens, each scoring from the previous end", () => {
    // The guide's loop: for begin in range(0, n, stride): end = min(begin + max_length, n);
    // trg_len = end - prev_end; ...; prev_end = end; break when end == n. With n 10, max_length 4,
    // stride 2: (0,4) scores 0-3, (2,6) scores 4-5, (4,8) scores 6-7, (6,10) scores 8-9.
    expect(planWindows(10, 4, 2)).toEqual([
      { begin: 0, end: 4, scoreFrom: 0 },
      { begin: 2, end: 6, scoreFrom: 4 },
      { begin: 4, end: 8, scoreFrom: 6 },
      { begin: 6, end: 10, scoreFrom: 8 },
    ]);
  });

  it("uses one window when the text fits, and disjoint windows when stride = window", () => {
    expect(planWindows(5, 8, 4)).toEqual([{ begin: 0, end: 5, scoreFrom: 0 }]);
    expect(planWindows(7, 3, 3)).toEqual([
      { begin: 0, end: 3, scoreFrom: 0 },
      { begin: 3, end: 6, scoreFrom: 3 },
      { begin: 6, end: 7, scoreFrom: 6 },
    ]);
  });

  it("scores every token exactly once", () => {
    for (const [n, window, stride] of [
      [100, 16, 5],
      [33, 7, 7],
      [64, 64, 1],
    ] as const) {
      const covered = planWindows(n, window, stride).flatMap(({ scoreFrom, end }) =>
        Array.from({ length: end - scoreFrom }, (_, index) => scoreFrom + index),
      );
      expect(covered).toEqual(Array.from({ length: n }, (_, index) => index));
    }
  });
});
