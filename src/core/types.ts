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
  /** Random seed for reproducible sampling. */
  seed?: number;
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
  /**
   * The output constraint in effect (structured output), when there was one: which format, and what
   * enforced it. Under a constraint, `processed` logprobs are over the tokens the constraint allowed
   * (renormalised, then the sampling transforms); `raw` ones stay the model's unconstrained softmax.
   */
  constraint?: { format: "json_object" | "json_schema"; appliedBy: string };
}

/** A sequence of tokens with logprobs and its provenance. */
export interface LogprobSequence {
  tokens: TokenLogprob[];
  provenance: Provenance;
  /** Concatenated text of the tokens, when known. */
  text?: string;
}
