/**
 * {@link EngineModel}: the {@link LogprobModel} of a local GGUF model, on node-llama-cpp. Every
 * request is validated with zod at this edge (invalid options throw `InvalidInputError` naming the
 * field and its allowed range); requests share `parallel` context sequences, first come first
 * served, each starting from a clean sequence.
 *
 * Distributions: generated tokens are reported under `logprobsMode` ("raw" by default: the model's
 * full softmax; "processed": the distribution the token was drawn from). Prompt tokens (echo,
 * score), beams and alternatives in raw mode are always raw. Entropy and rank are exact, over the
 * whole vocabulary.
 */
import type { Token } from "node-llama-cpp";
import type { FullDistributionSource } from "../core/compare/full-distributions.js";
import { InvalidInputError } from "../core/errors.js";
import { generationResult } from "../core/generation-result.js";
import type {
  BeamSearchRequest,
  BeamSearchResult,
  BranchRequest,
  GenerateEvent,
  GenerateRequest,
  GenerateResult,
  LogprobModel,
  ModelCapabilities,
  PromptCacheStats,
  ResponseFormat,
  ScoreManyRequest,
  ScoreRequest,
  ScoreResult,
  TokenizerInfo,
} from "../core/model.js";
import type { EvaluatorInfo } from "../core/types.js";
import { beamSearch } from "./beam-search.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { createFullDistributionSource } from "./full-distribution-source.js";
import { runGeneration } from "./generation.js";
import { grammarTextForSchema } from "./grammar-constraint.js";
import {
  beamSearchRequestSchema,
  branchRequestSchema,
  generateRequestSchema,
  parseRequest,
  scoreManyRequestSchema,
  scoreRequestSchema,
} from "./request-schemas.js";
import { scoreSharedPrefix } from "./score-shared-prefix.js";
import { scoreText } from "./score-text.js";

/** A loaded local model. Create with `loadModel`. */
export class EngineModel implements LogprobModel {
  readonly id: string;
  readonly source = "engine";
  readonly capabilities: ModelCapabilities;
  readonly contextSize: number;
  /** Absolute path of the loaded GGUF file. */
  readonly path: string;
  /** Number of tokens in the vocabulary. */
  readonly vocabularySize: number;
  /** Which evaluator computes the numbers ("native" or "node-llama-cpp"), on which device. */
  readonly evaluator: EvaluatorInfo;
  /** Exact full distributions, window by window (model comparison, Binoculars). */
  readonly fullDistributions: FullDistributionSource;
  readonly #runtime: EngineRuntime;
  readonly #onClose: () => Promise<void>;
  #closed = false;

  /** @internal Use `loadModel`. */
  constructor(runtime: EngineRuntime, path: string, onClose: () => Promise<void>) {
    this.#runtime = runtime;
    this.#onClose = onClose;
    this.id = runtime.id;
    this.path = path;
    this.contextSize = runtime.evaluator.contextSize;
    this.vocabularySize = runtime.evaluator.vocabularySize;
    this.evaluator = runtime.evaluator.info;
    this.fullDistributions = createFullDistributionSource(runtime, () => this.#assertOpen());
    this.capabilities = {
      maxTopLogprobs: runtime.limits.maxTopLogprobs,
      promptLogprobs: true,
      exactEntropy: true,
      logprobsModes: ["raw", "processed"],
      textPrompt: true,
      chat: true,
      beamSearch: true,
      branching: true,
      tokenize: true,
      fullDistributions: true,
      structuredOutput: true,
      parallelRequests: runtime.parallel,
    };
  }

  /**
   * Generates text with per-token logprobs, entropy, rank and `topLogprobs` alternatives. With
   * `echo`, also scores the prompt (`result.prompt`; its first token is BOS-conditioned when the
   * model adds BOS, else `null`). Cancelling through `signal` ends within one token with
   * `finishReason: "cancelled"` and the tokens so far.
   * Cost: one forward pass per token plus O(V) statistics per position (see the evaluator).
   */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return generationResult(this.stream(request));
  }

  /**
   * Refuses a `json_schema` format the grammar cannot enforce, as `generate` would (the schema is
   * checked and converted to its grammar; nothing is decoded). Cost: O(size of the schema).
   */
  async checkResponseFormat(format: ResponseFormat): Promise<void> {
    if (format.type === "json_schema") await grammarTextForSchema(format.schema, "responseFormat.schema");
  }

  /** Like {@link generate}, yielding each token as soon as no stop string can claim it, then `done`. */
  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    this.#assertOpen();
    const parsed = parseRequest(generateRequestSchema(this.#runtime.limits), request);
    yield* runGeneration(this.#runtime, parsed);
  }

  /** Scores a text (sliding window when longer than `windowSize`). See `score-text.ts`. */
  async score(request: ScoreRequest): Promise<ScoreResult> {
    this.#assertOpen();
    return scoreText(this.#runtime, parseRequest(scoreRequestSchema(this.#runtime.limits), request));
  }

  /**
   * Scores several whole texts, evaluating the token prefixes they share once (one context, N
   * endings: the context once). See `score-shared-prefix.ts`.
   */
  async scoreMany(request: ScoreManyRequest): Promise<ScoreResult[]> {
    this.#assertOpen();
    return scoreSharedPrefix(
      this.#runtime,
      parseRequest(scoreManyRequestSchema(this.#runtime.limits), request),
    );
  }

  /** Beam search on the raw distribution, best beam first. See `beam-search.ts`. */
  async beamSearch(request: BeamSearchRequest): Promise<BeamSearchResult> {
    this.#assertOpen();
    return beamSearch(this.#runtime, parseRequest(beamSearchRequestSchema(this.#runtime.limits), request));
  }

  /**
   * Continues from the prompt plus `prefixTokens` with `forcedToken` forced next, then generates up
   * to `maxTokens` more tokens with the request's settings. The result's sequence holds the prefix,
   * the forced token and the continuation, each with its numbers under the stated distribution.
   */
  async branch(request: BranchRequest): Promise<GenerateResult> {
    this.#assertOpen();
    const { prefixTokens, forcedToken, ...rest } = parseRequest(
      branchRequestSchema(this.#runtime.limits),
      request,
    );
    return generationResult(
      runGeneration(this.#runtime, { ...rest, forcedTokens: [...prefixTokens, forcedToken] }),
    );
  }

  /**
   * Text to token ids, as the model's tokenizer splits it (no BOS added). O(text length), off the
   * main thread for long texts.
   */
  async tokenize(text: string): Promise<number[]> {
    this.#assertOpen();
    if (typeof text !== "string") throw new InvalidInputError("text", "text must be a string", "a string");
    return this.#runtime.tokenizer.tokenize(text, false);
  }

  /**
   * Token ids to text, as llama.cpp detokenizes (special tokens as their text; for SentencePiece
   * vocabularies the space the tokenizer adds before the text is removed). O(tokens).
   */
  async detokenize(tokens: number[]): Promise<string> {
    this.#assertOpen();
    if (!Array.isArray(tokens))
      throw new InvalidInputError("tokens", "tokens must be an array of token ids", "an array");
    const last = this.vocabularySize - 1;
    tokens.forEach((id, index) => {
      if (!Number.isInteger(id) || id < 0 || id > last) {
        throw new InvalidInputError(
          `tokens.${index}`,
          `tokens.${index} must be an integer from 0 to ${last}`,
          `0 to ${last}`,
        );
      }
    });
    return this.#runtime.model.detokenize(tokens as Token[], true);
  }

  /**
   * Each token's own bytes (a SentencePiece word start keeps its space), as in every result's
   * `TokenLogprob.bytes`. Throws an {@link InvalidInputError} naming an id outside the vocabulary.
   */
  tokenBytes(tokens: number[]): Uint8Array[] {
    this.#assertOpen();
    const last = this.vocabularySize - 1;
    return tokens.map((id, index) => {
      if (!Number.isInteger(id) || id < 0 || id > last)
        throw new InvalidInputError(
          `tokens.${index}`,
          `tokens.${index} must be an integer from 0 to ${last}`,
          `0 to ${last}`,
        );
      return this.#runtime.bytesOf(id);
    });
  }

  /** The special tokens' text (as llama.cpp detokenizes them) and the chat template of the GGUF metadata. */
  tokenizerInfo(): TokenizerInfo {
    this.#assertOpen();
    const { model } = this.#runtime;
    const template = model.fileInfo.metadata?.tokenizer?.chat_template;
    const pad = model.fileInfo.metadata?.tokenizer?.ggml?.padding_token_id;
    return {
      eosToken: model.tokens.eosString,
      bosToken: model.tokens.bosString,
      padToken:
        typeof pad === "number" && pad >= 0 && pad < this.vocabularySize
          ? model.detokenize([pad as Token], true)
          : null,
      addBosToken: model.tokens.shouldPrependBosToken,
      chatTemplate: typeof template === "string" ? template : null,
      modelMaxLength: this.contextSize,
    };
  }

  /** The prompt cache's counters (see prompt-cache.ts); undefined when it is off. */
  promptCacheStats(): PromptCacheStats | undefined {
    return this.#runtime.evaluator.promptCache?.stats();
  }

  /** Frees the context and the model. Requests still waiting for a sequence reject. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#onClose();
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidInputError("model", "the model is closed", "an open model");
  }
}
