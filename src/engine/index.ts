/**
 * logprobe/engine: local inference (load, tokenize, generate with logprobs, score, beam search,
 * branching, full distributions) on logprobe's native addon, with node-llama-cpp for loading,
 * tokenizing and chat templates. Importing this module loads no native binary; `loadModel` does.
 */
export { DEFAULT_MODEL, MODEL_ENVIRONMENT_VARIABLE } from "./default-model.js";
export { EngineModel } from "./engine-model.js";
export type { Evaluator, EvaluatorFactory, EvaluatorFactoryInput, EvaluatorSequence } from "./evaluator.js";
export { DEFAULT_MAX_TOKENS } from "./generation.js";
export { createLlamaEvaluator, type LlamaEvaluatorOptions } from "./llama-evaluator.js";
export {
  DEFAULT_CONTEXT_SIZE_CAP,
  DEFAULT_MAX_TOP_LOGPROBS,
  type LoadModelOptions,
  loadModel,
  MAX_PARALLEL,
} from "./load-model.js";
export type { CpuKernelsStatus } from "./native/native-addon.js";
export type { IdLogprob, PositionQuery, PositionStats } from "./position-stats.js";
export { positionStatsFromLogprobs, topKOfLogprobs } from "./position-stats.js";
export {
  defaultCacheDirectory,
  isRemoteModel,
  LOCAL_MODEL_HINT,
  type ResolvedModel,
  type ResolveModelOptions,
  resolveModel,
} from "./resolve-model.js";
export { collectRuntimeReport, describeCpu, type RuntimeReport } from "./runtime-report.js";
export { runSelfTest, SELF_TEST_TEXT, type SelfTestResult } from "./self-test.js";
