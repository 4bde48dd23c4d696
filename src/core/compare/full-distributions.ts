/**
 * The contract of a model that can hand out its exact next-token distributions over the whole
 * vocabulary, window by window (the embedded engine does; remote APIs give only top-k). A model
 * declares it with `capabilities.fullDistributions` and exposes it as `LogprobModel.fullDistributions`.
 * Comparing two models (KL divergence) and Binoculars need it. Nothing here runs.
 */

/** One evaluation sequence: tokens are appended, distributions come back where asked. */
export interface DistributionSequence {
  /**
   * Appends `tokens` to the sequence and evaluates them. For each `i` with `wanted[i]`, returns the
   * full next-token distribution after `tokens[i]` as logprobs indexed by token id (raw model
   * distribution, nats), else undefined. Memory: `V` doubles per wanted position, owned by the
   * caller. Throws when the tokens do not fit the context.
   */
  append(tokens: readonly number[], wanted: readonly boolean[]): Promise<(Float64Array | undefined)[]>;
  /** Empties the sequence. */
  clear(): Promise<void>;
  /** Gives the sequence back; it must not be used afterwards. */
  release(): void;
}

/** A model whose full distributions can be read (see the module comment). */
export interface FullDistributionSource {
  /** Model identifier. */
  readonly id: string;
  readonly vocabularySize: number;
  /** Tokens one sequence holds. */
  readonly contextSize: number;
  /** Token put first in every window (the model's BOS when it adds one), or null. */
  readonly bosToken: number | null;
  /** The evaluator the numbers come from (e.g. "native", "node-llama-cpp"), for provenance. */
  readonly evaluatorName: string;
  /** Text to token ids as scoring splits it (no BOS). */
  tokenize(text: string): Promise<number[]>;
  /** Text of one token (its bytes decoded; U+FFFD for part of a character). */
  tokenPiece(id: number): string;
  /** Waits for a free sequence (first come, first served). */
  acquireDistributionSequence(signal?: AbortSignal): Promise<DistributionSequence>;
}
