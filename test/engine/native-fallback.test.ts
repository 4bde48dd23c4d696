/**
 * The native evaluator factory's fallback when the addon cannot be used (here disabled with
 * LOGPROBE_NATIVE=0, set before anything loads it): node-llama-cpp's evaluator takes over, loading
 * the weights itself when the engine had loaded only the vocabulary. Oracle: the llama-server
 * top-5 after "Once upon a time" from ../shared/notes/peers.md (tolerance 1e-3 for ggml's batch
 * effect). With probabilities only, the repeat penalty cannot act on logits: generation says so in
 * a warning (hand-derived: the fallback never knows the logits' log-sum-exp).
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/engine/index.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

process.env.LOGPROBE_NATIVE = "0";

describe.skipIf(!requireTestModel())("native evaluator fallback", () => {
  it("falls back to node-llama-cpp with a vocabulary-only model and gives the reference numbers", async () => {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    const native = await import("../../src/engine/native/native-evaluator.js");
    const { nativeEvaluatorFactory, nativePathPossible } = native;
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    expect(nativePathPossible(llama.gpu)).toBe(false);
    const vocabulary = await llama.loadModel({ modelPath: testModelPath, vocabOnly: true });
    const evaluator = await nativeEvaluatorFactory({
      model: vocabulary,
      modelPath: testModelPath,
      contextSize: 128,
      parallel: 1,
      threads: 1,
      gpu: false,
      weightsLoaded: false,
    });
    try {
      expect(evaluator.info.name).toBe("node-llama-cpp");
      expect(evaluator.info.device).toBe("cpu");
      expect(evaluator.info.fallbackReason).toMatch(/LOGPROBE_NATIVE=0/);
      const sequence = await evaluator.acquire();
      const stats = await sequence.evaluate(
        [1, 403, 407, 261, 378],
        [undefined, undefined, undefined, undefined, { topK: 5 }],
      );
      sequence.release();
      const expected = [-0.03178, -3.5473, -8.1195, -8.2435, -8.6916];
      const top = stats[4]!.top;
      expect(top.map((t) => t.id)).toEqual([432, 383, 322, 353, 323]);
      for (let i = 0; i < 5; i++) expect(Math.abs(top[i]!.logprob - expected[i]!)).toBeLessThan(1e-3);
    } finally {
      await evaluator.close();
      await vocabulary.dispose();
    }
  });

  it("warns that the repeat penalty acts on logprobs on this path", async () => {
    const model = await loadModel({ model: testModelPath, contextSize: 128, threads: 1 });
    try {
      const penalised = await model.generate({
        prompt: "Lily and Tom were friends. Lily and Tom",
        maxTokens: 3,
        sampling: { temperature: 0, repeatPenalty: 1.3 },
      });
      const warning = penalised.warnings.find((w) => w.code === "repeat-penalty-on-logprobs");
      expect(warning?.field).toBe("sampling.repeatPenalty");
      const plain = await model.generate({ prompt: "Once", maxTokens: 2 });
      expect(plain.warnings.map((w) => w.code)).not.toContain("repeat-penalty-on-logprobs");
    } finally {
      await model.close();
    }
  });
});
