import { describe, expect, it } from "vitest";
import { perplexityChunkWindows } from "./evaluation-windows.js";
import type { DistributionSequence, FullDistributionSource } from "./full-distributions.js";
import { forEachDistributionPair, positionsPerCall, sharedTokens } from "./paired-distributions.js";

/** A source over a 4-token vocabulary whose distribution after token t puts mass 0.7 on t. */
function fakeSource(id: string, calls: number[][]) {
  const source: FullDistributionSource = {
    id,
    vocabularySize: 4,
    contextSize: 16,
    bosToken: 0,
    evaluatorName: "fake",
    tokenize: async (text) => [...text].map((character) => Number(character)),
    tokenPiece: (token) => String(token),
    async acquireDistributionSequence(): Promise<DistributionSequence> {
      let length = 0;
      return {
        async append(tokens, wanted) {
          length += tokens.length;
          if (length > 16) throw new Error("overflow");
          calls.push(wanted.map((flag) => (flag ? 1 : 0)));
          return tokens.map((token, index) =>
            wanted[index]
              ? Float64Array.from([0, 1, 2, 3], (v) => Math.log(v === token ? 0.7 : 0.1))
              : undefined,
          );
        },
        clear: async () => {
          length = 0;
        },
        release: () => {},
      };
    },
  };
  return source;
}

describe("forEachDistributionPair", () => {
  it("visits every compared position in order, slicing windows to the memory budget", async () => {
    const callsA: number[][] = [];
    const callsB: number[][] = [];
    const a = fakeSource("a", callsA);
    const b = fakeSource("b", callsB);
    // 8 tokens + BOS, windows of 8: positions 4, 5, 6 of one chunk
    const windows = perplexityChunkWindows([1, 2, 3, 1, 2, 3, 1, 2], 8, 0);
    const seen: number[] = [];
    // 2 models * 8 bytes * 4 tokens = 64 bytes per position: 128 bytes -> 2 positions per call
    expect(positionsPerCall(4, 128)).toBe(2);
    await forEachDistributionPair(
      a,
      b,
      windows,
      (window, index, pa, pb) => {
        const position = window.positions[index] as number;
        seen.push(position);
        // the distribution after input[position] puts 0.7 on that token
        expect(Math.exp(pa[window.input[position] as number] as number)).toBeCloseTo(0.7, 15);
        expect(pb).not.toBe(pa);
      },
      { memoryBytes: 128 },
    );
    expect(seen).toEqual([4, 5, 6]);
    // first call: tokens 0..5 with positions 4, 5 wanted; second: the rest of the window
    expect(callsA).toEqual([
      [0, 0, 0, 0, 1, 1],
      [1, 0],
    ]);
    expect(callsB).toEqual(callsA);
  });

  it("reads one sequence when both sides are the same source", async () => {
    const calls: number[][] = [];
    const a = fakeSource("a", calls);
    const windows = perplexityChunkWindows([1, 2, 3, 1, 2, 3, 1, 2], 8, 0);
    await forEachDistributionPair(a, a, windows, (_window, _index, pa, pb) => expect(pb).toBe(pa));
    expect(calls).toHaveLength(1);
  });
});

describe("forEachDistributionPair with one sequence per model", () => {
  /** A source with a single sequence: acquire waits until the holder releases it. */
  function singleSequence(id: string) {
    const source = fakeSource(id, []);
    let busy: Promise<void> = Promise.resolve();
    const acquire = source.acquireDistributionSequence.bind(source);
    source.acquireDistributionSequence = async (signal) => {
      const previous = busy;
      let free: () => void = () => {};
      busy = new Promise<void>((resolve) => {
        free = resolve;
      });
      await previous;
      const sequence = await acquire(signal);
      // let the other request run between the two acquisitions, as a server would
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { ...sequence, release: free };
    };
    return source;
  }

  it("does not deadlock when two requests pair the same models in opposite roles", async () => {
    const a = singleSequence("a");
    const b = singleSequence("b");
    const windows = perplexityChunkWindows([1, 2, 3, 1, 2, 3, 1, 2], 8, 0);
    let visits = 0;
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("deadlock")), 2000));
    await Promise.race([
      Promise.all([
        forEachDistributionPair(a, b, windows, () => void visits++),
        forEachDistributionPair(b, a, windows, () => void visits++),
      ]),
      timeout,
    ]);
    expect(visits).toBe(6);
  });
});

describe("sharedTokens", () => {
  it("rejects different vocabularies or tokenizations naming the field", async () => {
    const a = fakeSource("a", []);
    const b = { ...fakeSource("b", []), tokenize: async () => [9] };
    await expect(sharedTokens(a, b, "12", "model")).rejects.toThrow(/different tokens/);
    await expect(sharedTokens(a, { ...a, vocabularySize: 5 }, "12", "model")).rejects.toThrow(
      /vocabulary of 5/,
    );
    expect(await sharedTokens(a, fakeSource("c", []), "12", "model")).toEqual([1, 2]);
  });
});
