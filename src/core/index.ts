/** logprobe/core: pure TypeScript types, math and analysis. Loads no native code; runs in a browser. */

export * from "./analysis/ambiguity-points.js";
export * from "./analysis/decide-abstention.js";
export * from "./analysis/known-logprob.js";
export * from "./analysis/low-confidence-spans.js";
export * from "./analysis/normalize-sequence.js";
export * from "./analysis/normalize-token.js";
export * from "./analysis/sequence-confidence.js";
export * from "./analysis/summarize-sequence.js";
export * from "./errors.js";
export * from "./math/bits-per-byte.js";
export * from "./math/entropy.js";
export * from "./math/entropy-bounds.js";
export * from "./math/log-sum-exp.js";
export * from "./math/margin.js";
export * from "./math/mean-logprob.js";
export * from "./math/min-logprob.js";
export * from "./math/perplexity.js";
export * from "./math/probability.js";
export * from "./math/rank-of.js";
export * from "./math/sum-logprob.js";
export * from "./math/surprisal.js";
export type * from "./model.js";
export type * from "./types.js";
