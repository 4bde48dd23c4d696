/**
 * Oracle values recorded from llama.cpp's own server (llama-server built from the source bundled
 * with node-llama-cpp 3.21.1) on the shared test model. How they were recorded, with the exact
 * commands: __fixtures__/record-llama-cpp-oracles.py.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface ScoredToken {
  id: number;
  logprob: number;
  entropy: number;
  rank: number;
  contextBegin?: number;
}

/** The recorded values (see the recorder for their meaning). */
export interface LlamaCppOracles {
  source: string;
  text: string;
  tokens: number[];
  scored: ScoredToken[];
  perplexity: number;
  slidingWindow: { windowSize: number; stride: number; scored: ScoredToken[]; perplexity: number };
  greedy: {
    prompt: string;
    promptTokens: number[];
    text: string;
    tokens: { id: number; token: string; logprob: number; top: { id: number; logprob: number }[] }[];
  };
  sampled: {
    prompt: string;
    settings: { temperature: number; top_k: number; top_p: number; min_p: number };
    runs: { seed: number; text: string; tokens: SampledToken[] }[];
  };
  sampledVariants: {
    settings: {
      temperature: number;
      top_k: number;
      top_p: number;
      min_p: number;
      typical_p: number;
      seed: number;
    };
    text: string;
    tokens: SampledToken[];
  }[];
  /** llama.cpp's penalties sampler (on logits, prompt in its history, last 64 tokens). */
  repeatPenalty: {
    prompt: string;
    promptTokens: number[];
    /** The processed top 20 of the first step (post-sampling probabilities). */
    firstStep: {
      settings: { temperature: number; repeatPenalty: number; seed: number };
      top: { id: number; prob: number }[];
    };
    /** Greedy generation, every step penalised by the tokens so far. */
    greedy: { settings: { temperature: number; repeatPenalty: number }; ids: number[]; text: string };
  };
}

interface SampledToken {
  id: number;
  /** Probability under the distribution sampled from (llama-server's post_sampling_probs). */
  prob: number;
  top: { id: number; prob: number }[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** Loads __fixtures__/llama-cpp-oracles.json. */
export const llamaCppOracles: LlamaCppOracles = JSON.parse(
  readFileSync(join(here, "__fixtures__", "llama-cpp-oracles.json"), "utf8"),
);

/**
 * Tolerance between llama.cpp's numbers and the engine's when the batch shapes differ (one token
 * at a time vs a whole prompt in one batch): ggml's results move by up to ~2e-3 nats across batch
 * shapes on this model (../shared/notes/peers.md).
 */
export const BATCH_SHAPE_TOLERANCE = 3e-3;
