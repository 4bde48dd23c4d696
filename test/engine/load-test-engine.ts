/**
 * Loads the shared test model (stories260K.gguf) in the engine with settings that suit tests on a
 * shared 2-core machine: one thread (llama.cpp's spinning worker threads slow down badly when the
 * cores are busy), context 512 (the model's training context in the TinyStories run).
 */
import type { Evaluator } from "../../src/engine/evaluator.js";
import { type EngineModel, type LoadModelOptions, loadModel } from "../../src/engine/index.js";
import { createNativeEvaluator, nativeTimingsOf } from "../../src/engine/native/native-evaluator.js";
import { testModelPath } from "../helpers/test-model.js";

/** Loads the test model; extra options override the defaults. */
export function loadTestEngine(options: LoadModelOptions = {}): Promise<EngineModel> {
  return loadModel({ model: testModelPath, threads: 1, contextSize: 512, gpu: false, ...options });
}

/** The test model on the native evaluator with `parallel` sequences, and its count of decodes. */
export interface NativeTestEngine {
  model: EngineModel;
  /** Native decodes so far (merged requests share one). */
  decodes(): number;
}

/** Loads the test model on the native evaluator (one thread) with `parallel` sequences. */
export async function loadNativeTestEngine(parallel: number): Promise<NativeTestEngine> {
  let evaluator: Evaluator | undefined;
  const model = await loadTestEngine({
    parallel,
    evaluator: async ({ modelPath, contextSize }) => {
      evaluator = await createNativeEvaluator(modelPath, { contextSize, parallel, threads: 1 });
      return evaluator;
    },
  });
  return { model, decodes: () => nativeTimingsOf(evaluator as Evaluator)?.decodes ?? 0 };
}
