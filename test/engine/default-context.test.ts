/**
 * With no `contextSize`, loadModel uses the model's training context from its GGUF metadata
 * (capped at DEFAULT_CONTEXT_SIZE_CAP) and the native path, exactly as with an explicit size.
 * Regression: the native path loads node-llama-cpp's model vocabulary-only, which reports a train
 * context of 0; the default context became 0, the addon refused it and the engine silently fell
 * back to the slow path with a 256-token context.
 * Oracle: the context length read from the GGUF header by node-llama-cpp's readGgufFileInfo,
 * independent of any loaded model.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONTEXT_SIZE_CAP, loadModel } from "../../src/engine/index.js";
import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

describe.skipIf(!requireTestModel())("default context size", () => {
  it("is the GGUF's context length (capped) and keeps the native path", async () => {
    const { readGgufFileInfo } = await import("node-llama-cpp");
    const info = await readGgufFileInfo(testModelPath);
    const metadata = info.metadata as unknown as Record<string, { context_length?: number }>;
    const architecture = (info.metadata as unknown as { general: { architecture: string } }).general
      .architecture;
    const trained = metadata[architecture]?.context_length;
    expect(trained).toBeGreaterThan(0);
    const expected = Math.min(trained as number, DEFAULT_CONTEXT_SIZE_CAP);

    const model = await loadModel({ model: testModelPath, threads: 1 });
    try {
      // Context sizes are rounded up to a multiple of 256 by node-llama-cpp and the native path.
      expect(model.contextSize).toBe(Math.ceil(expected / 256) * 256);
      const native = loadNativeAddon();
      if (native.available && process.env.LOGPROBE_NATIVE !== "0")
        expect(model.evaluator.name).toBe("native");
      const result = await model.generate({ prompt: "Once upon a time", maxTokens: 4 });
      expect(result.text.startsWith(", there was")).toBe(true);
    } finally {
      await model.close();
    }
  });
});
