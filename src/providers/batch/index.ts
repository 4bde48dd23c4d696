/** The batch runner: JSONL jobs over a pool of models, with resumable output. */
export {
  API_FIELD_NAMES,
  BATCH_MAX_TOKENS,
  BATCH_MAX_TOP_LOGPROBS,
  type BatchItem,
  BatchItemSchema,
  type BatchJob,
  batchJobOf,
} from "./batch-item-schema.js";
export { type ExistingOutput, JsonLinesWriter, readExistingOutput } from "./batch-output-file.js";
export {
  type BatchFailureLine,
  type BatchResultLine,
  type BatchSuccessLine,
  type BatchSummary,
  batchSummary,
  failureLine,
  generateLine,
  scoreLine,
} from "./batch-result.js";
export { type BatchShard, fnv1a32, inShard, MAX_SHARDS, parseShard } from "./batch-shard.js";
export {
  checkBatchOutputs,
  describeMergeProblems,
  type MergeCheck,
  mergedLines,
} from "./merge-batch-outputs.js";
export { ModelPool, type PoolMember, type PoolOptions, type PoolStrategy } from "./model-pool.js";
export {
  fromOpenAIBatchRequest,
  isOpenAIBatchRequest,
  OPENAI_BATCH_URLS,
  type OpenAIBatchRequestMeta,
  toOpenAIBatchOutput,
} from "./openai-batch-format.js";
export { type ParsedBatchLine, parseBatchLine } from "./parse-batch-line.js";
export { repairTornTail } from "./repair-torn-tail.js";
export { type BatchStats, MAX_BATCH_CONCURRENCY, type RunBatchOptions, runBatch } from "./run-batch.js";
export { type HealthSettings, ServerHealth, type ServerReport } from "./server-health.js";
