import { describe, expect, it } from "vitest";
import { perplexityChunkWindows, slidingDistributionWindows } from "./evaluation-windows.js";

describe("perplexityChunkWindows", () => {
  it("cuts llama-perplexity's chunks: BOS first, second half compared", () => {
    // tokens 10..18 (9), BOS 1 -> [1, 10, ..., 18] (10 tokens); windows of 4: 2 chunks, tail of 2 dropped.
    // chunk 0 = [1, 10, 11, 12]; positions 2 (predicts 12, text index 2); chunk 1 = [13 -> BOS, 14, 15, 16]
    const tokens = [10, 11, 12, 13, 14, 15, 16, 17, 18];
    expect(perplexityChunkWindows(tokens, 4, 1)).toEqual([
      { input: [1, 10, 11, 12], positions: [2], targets: [2] },
      { input: [1, 14, 15, 16], positions: [2], targets: [6] },
    ]);
    expect(() => perplexityChunkWindows([1, 2], 4, 1)).toThrow(/need at least one window of 4 tokens/);
  });
});

describe("slidingDistributionWindows", () => {
  it("predicts every text token once, the first from BOS", () => {
    // window 4 with BOS: 3 text tokens per window, stride 1 (floor(3/2))
    const windows = slidingDistributionWindows([10, 11, 12, 13, 14], 4, 1);
    const targets = windows.flatMap((window) => window.targets);
    expect(targets).toEqual([0, 1, 2, 3, 4]);
    for (const window of windows) {
      window.positions.forEach((position, index) => {
        // the token after the position is the target
        expect(window.input[position + 1]).toBe([10, 11, 12, 13, 14][window.targets[index] as number]);
      });
    }
  });

  it("without BOS never predicts the first token, and checks window and stride", () => {
    expect(slidingDistributionWindows([10, 11, 12], 8, null)).toEqual([
      { input: [10, 11, 12], positions: [0, 1], targets: [1, 2] },
    ]);
    expect(() => slidingDistributionWindows([10], 1, 1)).toThrow(/windowSize/);
    expect(() => slidingDistributionWindows([10], 4, 1, 4)).toThrow(/stride must be an integer from 1 to 3/);
  });
});
