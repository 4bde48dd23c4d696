/**
 * Core data types of logprobe: one token with its natural-log probability and alternatives, and a
 * sequence of tokens that says which distribution the numbers came from.
 *
 * All logprobs are natural logarithms (nats), always <= 0. Alternatives are sorted from most to
 * least probable.
 */

/** One alternative token at a position, as reported by the model or provider. */
export interface TopAlternative {
  /** Token text (may be a partial UTF-8 character; see `bytes`). */
  token: string;
  /** Natural-log probability (nats, <= 0) under the sequence's stated distribution. */
  logprob: number;
  /** UTF-8 bytes of the token, when known. */
  bytes?: number[];
  /** Vocabulary id, when known. */
  id?: number;
}

/** One token of a sequence with its logprob and, when available, the distribution around it. */
export interface TokenLogprob {
  /** Token text as produced by the tokenizer/detokenizer. */
  token: string;
  /** UTF-8 bytes of the token (a token may hold part of a multi-byte character). */
  bytes: number[];
  /** Vocabulary id, when known. */
  id?: number;
  /**
   * Natural-log probability (nats, <= 0) of this token under the stated distribution, or `null`
   * when it is unknown: the first token of a scored prompt (nothing conditions it), or a value the
   * source reported as a placeholder (OpenAI's -9999).
   */
  logprob: number | null;
  /** Top alternatives at this position, sorted from most to least probable (may be empty). */
  top: TopAlternative[];
  /** Exact entropy (nats) of the full distribution at this position, when the source had it. */
  entropy?: number;
  /** 1-based rank of this token in the full distribution at this position, when known. */
  rank?: number;
  /** Character offset of the token's start in the sequence text (UTF-16 code units). */
  textOffset?: number;
  /** True when the token belongs to the prompt (echo / prompt scoring) rather than the output. */
  prompt?: boolean;
}

/**
 * Which distribution the logprobs describe.
 * - `raw`: the model's full softmax distribution, before temperature or truncation.
 * - `processed`: the distribution actually sampled from, after temperature, top-k/p, min-p etc.
 * - `top-k`: only the top-k alternatives are known (remote APIs); the rest of the mass is unknown.
 */
export type DistributionKind = "raw" | "processed" | "top-k";

/** Sampling settings in effect when a sequence was produced. Absent fields were not set. */
export interface SamplingSettings {
  /** Softmax temperature; 0 means greedy. */
  temperature?: number;
  /** Keep only the k most probable tokens (0 = disabled). */
  topK?: number;
  /** Nucleus sampling: keep the smallest set whose probability reaches p (1 = disabled). */
  topP?: number;
  /** Keep tokens whose probability is at least minP times the top token's (0 = disabled). */
  minP?: number;
  /** Locally typical sampling mass (1 = disabled). */
  typicalP?: number;
  /** Penalty applied to the logits of recently seen tokens (1 = disabled). */
  repeatPenalty?: number;
  /**
   * Random seed for reproducible sampling. Holds exactly for the local engine when the request's
   * decodes are its own (no other request of the same model decoding at the same time: one CLI
   * call, `batch --concurrency 1`, `serve --parallel 1`), with the same model file, build, device
   * and settings. Requests that share a decode change the order of float sums: logprobs move in
   * the last digits (up to 0.006 nats measured on stories260K) and a draw near the boundary
   * between two tokens may pick the other one. Remote APIs promise at most best effort.
   */
  seed?: number;
}

/** Which computation produced a local model's numbers, and on which device. */
export interface EvaluatorInfo {
  /** "native" (logprobe's addon) or "node-llama-cpp" (its full-probability-list path). */
  name: string;
  /** Where the model's layers run: "cpu", "cuda", "vulkan" or "metal". */
  device: string;
  /**
   * The CPU kernels llama.cpp computes with: "openmp" (built on this machine at install) or
   * "prebuilt" (node-llama-cpp's own); absent when unknown.
   */
  cpuKernels?: string;
  /** Instruction sets of the OpenMP kernels (ggml's names: AVX2, AVX512, ...). */
  instructionSets?: string[];
  /** Layers offloaded to the GPU (-1 = all), when `device` is a GPU. */
  gpuLayers?: number;
  /** The GPU devices used, by description. */
  gpuDevices?: string[];
  /** Why the native path was not used, when it was not. */
  fallbackReason?: string;
  /**
   * Why `--gpu auto` computes on the CPU although node-llama-cpp chose a GPU binary (its driver
   * is installed, but ggml registered no GPU device).
   */
  gpuUnused?: string;
}

/** Where a sequence's numbers came from. */
export interface Provenance {
  /** Backend that produced it: "engine", "openai", "vllm", "llama-server", "ollama", "gemini", a file format... */
  source: string;
  /** Model identifier, when known. */
  model?: string;
  /** Which distribution the logprobs describe. */
  distribution: DistributionKind;
  /** Sampling settings used to produce the sequence (for generated text). */
  sampling?: SamplingSettings;
  /** The local evaluator and device that computed it (local models only). */
  evaluator?: EvaluatorInfo;
  /**
   * The output constraint in effect (structured output), when there was one: which format, and what
   * enforced it. Under a constraint, `processed` logprobs are over the tokens the constraint allowed
   * (renormalised, then the sampling transforms); `raw` ones stay the model's unconstrained softmax.
   */
  constraint?: { format: "json_object" | "json_schema"; appliedBy: string };
  /**
   * The prompt cache's part (local models with one): prompt tokens whose KV cache (and, for echo,
   * statistics) came from an earlier request, and prompt tokens evaluated for this one.
   */
  promptCache?: { reusedTokens: number; evaluatedTokens: number };
}

/** A sequence of tokens with logprobs and its provenance. */
export interface LogprobSequence {
  tokens: TokenLogprob[];
  provenance: Provenance;
  /** Concatenated text of the tokens, when known. */
  text?: string;
}
