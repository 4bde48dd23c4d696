/**
 * A native decode that llama.cpp refuses fails only the request that caused it (issue 15, finding
 * 8). Two sequences step in one merged decode; one asks for a position that does not continue its
 * sequence, which llama_decode rejects. The other sequence's step must succeed with the numbers
 * it gets when decoded alone, and its earlier tokens must stay in the KV cache. Oracle: the same
 * steps on a fresh context without the bad request (same addon, same batch shapes: exact).
 */
import { describe, expect, it } from "vitest";
import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

function nativeRequired(): boolean {
  const status = loadNativeAddon();
  if (status.available) return true;
  if (process.env.CI === "true") throw new Error(`CI needs the native addon: ${status.reason}`);
  return false;
}

const run = requireTestModel() && nativeRequired();
const BOS = 1;
const options = { contextSize: 64, batchSize: 64, threads: 1, sequences: 2 };

describe.skipIf(!run)("native decode failure", () => {
  it("fails only the request whose tokens llama.cpp refused; the other sequence keeps its state", async () => {
    const { NativeContext } = await import("../../src/engine/native/native-context.js");
    const prefix = [BOS, 403, 407, 261];

    const oracle = await NativeContext.open(testModelPath, options);
    let expectedStep: unknown;
    let expectedNext: unknown;
    try {
      await oracle.evaluate(
        0,
        0,
        prefix,
        prefix.map(() => undefined),
      );
      expectedStep = await oracle.evaluate(0, prefix.length, [378], [{ topK: 3 }]);
      expectedNext = await oracle.evaluate(0, prefix.length + 1, [432], [{ topK: 3 }]);
    } finally {
      await oracle.close();
    }

    const context = await NativeContext.open(testModelPath, options);
    try {
      await Promise.all([
        context.evaluate(
          0,
          0,
          prefix,
          prefix.map(() => undefined),
        ),
        context.evaluate(
          1,
          0,
          prefix,
          prefix.map(() => undefined),
        ),
      ]);
      // Sequence 1 jumps from position 4 to 40: llama.cpp refuses the whole merged batch.
      const [good, bad] = await Promise.allSettled([
        context.evaluate(0, prefix.length, [378], [{ topK: 3 }]),
        context.evaluate(1, 40, [378], [{ topK: 3 }]),
      ]);
      expect(bad.status).toBe("rejected");
      expect(good.status).toBe("fulfilled");
      expect((good as PromiseFulfilledResult<unknown>).value).toEqual(expectedStep);
      // Sequence 0 still holds its tokens: its next step matches the oracle's.
      expect(await context.evaluate(0, prefix.length + 1, [432], [{ topK: 3 }])).toEqual(expectedNext);
      // Sequence 1 still holds its prefix too and can go on from where it was.
      const resumed = await context.evaluate(1, prefix.length, [378], [{ topK: 3 }]);
      expect(resumed).toEqual(expectedStep);
    } finally {
      await context.close();
    }
  });
});
