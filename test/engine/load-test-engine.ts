/**
 * Loads the shared test model (stories260K.gguf) in the engine with settings that suit tests on a
 * shared 2-core machine: one thread (llama.cpp's spinning worker threads slow down badly when the
 * cores are busy), context 512 (the model's training context in the TinyStories run).
 */
import { type EngineModel, type LoadModelOptions, loadModel } from "../../src/engine/index.js";
import { testModelPath } from "../helpers/test-model.js";

/** Loads the test model; extra options override the defaults. */
export function loadTestEngine(options: LoadModelOptions = {}): Promise<EngineModel> {
  return loadModel({ model: testModelPath, threads: 1, contextSize: 512, gpu: false, ...options });
}
