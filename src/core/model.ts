/**
 * The model interface: one types-only contract that the embedded engine (src/engine), every remote
 * provider (src/providers) and the server's clients implement or consume. Nothing here runs.
 */
import type { FullDistributionSource } from "./compare/full-distributions.js";
import type { EvaluatorInfo, LogprobSequence, SamplingSettings, TokenLogprob } from "./types.js";

/** Which distribution generated-token logprobs are reported under (see {@link DistributionKind}). */
export type LogprobsMode = "raw" | "processed";

/** One chat message. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * Structured output: the generated text is constrained to JSON (`json_object`: any JSON object) or
 * to JSON matching `schema` (`json_schema`), by constrained decoding where the backend can.
 */
export type ResponseFormat =
  | { type: "json_object" }
  | { type: "json_schema"; schema: Record<string, unknown>; name?: string };

/** What a backend can do; callers check this before asking. */
export interface ModelCapabilities {
  /** Largest number of top alternatives per token the backend returns. */
  maxTopLogprobs: number;
  /** Can return logprobs for given text (echo / prompt scoring). */
  promptLogprobs: boolean;
  /** Reports exact entropy of the full distribution at each position. */
  exactEntropy: boolean;
  /** Logprobs modes the backend supports for generated tokens. */
  logprobsModes: readonly LogprobsMode[];
  /** Accepts raw text prompts (completions). */
  textPrompt: boolean;
  /** Accepts chat messages. */
  chat: boolean;
  /** Supports `beamSearch`. */
  beamSearch: boolean;
  /** Supports `branch` (continuing from a prefix with a forced token). */
  branching: boolean;
  /** Supports `tokenize` / `detokenize`. */
  tokenize: boolean;
  /**
   * Hands out exact next-token distributions over the whole vocabulary (`fullDistributions`), so
   * model comparison and Binoculars are exact; without it they work from top-k logprobs.
   */
  fullDistributions: boolean;
  /**
   * Honours `GenerateRequest.responseFormat` (JSON mode, JSON schema). Absent means no: a request
   * with a format is refused rather than answered with unconstrained text.
   */
  structuredOutput?: boolean;
  /**
   * Requests the backend serves at once; core helpers that make several calls for one task
   * (`classify`, `runCalibration`) keep this many in flight. The local engine reports its context
   * sequences, whose decodes it packs together. Absent means 1 (one call at a time).
   */
  parallelRequests?: number;
}

/** A non-fatal note about a request, e.g. an option the backend cannot honour. */
export interface ModelWarning {
  /** Machine-readable code, e.g. "unsupported-option". */
  code: string;
  /** The option or field concerned, when there is one. */
  field?: string;
  message: string;
}

/** Why generation stopped. */
export type FinishReason = "stop" | "length" | "cancelled";

/** Token counts of one request. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens taken from a prompt cache instead of evaluated (local models with one). */
  cachedPromptTokens?: number;
}

/** One candidate token offered to a {@link TokenSampler}. */
export interface SamplerCandidate {
  /** Vocabulary id. */
  id: number;
  /** Token text (decoded on first read). */
  readonly token: string;
  /** Natural-log probability (nats, <= 0) under the model's raw distribution at this step. */
  logprob: number;
}

/** What a {@link TokenSampler} sees at one generation step. */
export interface SamplerStepInput {
  /** The raw next-token distribution, most probable first (zero-probability tokens left out). */
  candidates: readonly SamplerCandidate[];
  /** 0-based index of the generated token being chosen (forced tokens are not offered). */
  index: number;
  /** Seeded uniform source in [0, 1), from `sampling.seed` (a fresh seed is recorded when absent). */
  random: () => number;
  /** Token ids generated so far (after the prompt). */
  history: readonly number[];
}

/**
 * What a {@link TokenSampler} returns: the index into `candidates` of the chosen token, or
 * `{stop: true}` to end generation now and return the tokens chosen so far (`reason` is reported
 * in a "sampler-stopped" warning).
 */
export type SamplerDecision = number | { stop: true; reason?: string };

/**
 * A custom decoding policy: called once per generated token with the raw candidate distribution.
 * Must be deterministic given its input (use `random` for randomness) so seeded runs repeat.
 */
export type TokenSampler = (step: SamplerStepInput) => SamplerDecision;

/** Request to generate text with per-token logprobs. Exactly one of `prompt` / `messages`. */
export interface GenerateRequest {
  /** Raw text prompt (no chat template). */
  prompt?: string;
  /** Chat messages, formatted with the model's own chat template. */
  messages?: ChatMessage[];
  /** Maximum number of tokens to generate (0 allowed together with `echo`). */
  maxTokens?: number;
  /** Stop strings; generation ends before the first occurrence (the stop string is not returned). */
  stop?: string[];
  /** Sampling settings; temperature 0 (or absent) means greedy. */
  sampling?: SamplingSettings;
  /** Number of top alternatives to return per token (0 = chosen token only). */
  topLogprobs?: number;
  /** Distribution the reported logprobs describe; default "raw". */
  logprobsMode?: LogprobsMode;
  /** Also return logprobs of the prompt tokens (`GenerateResult.prompt`). */
  echo?: boolean;
  /** Cancels generation within one token. */
  signal?: AbortSignal;
  /**
   * Custom sampler choosing each generated token from the raw distribution (the embedded engine
   * only; remote providers ignore it with an "unsupported-option" warning). When given, it replaces
   * the choice made by `sampling` (only `sampling.seed` is used: it seeds `random`), and
   * generated-token logprobs are reported under the raw distribution.
   */
  sampler?: TokenSampler;
  /**
   * Constrains the generated text to JSON (see {@link ResponseFormat}); only for backends with
   * `capabilities.structuredOutput`. Tokens outside the grammar get probability 0 in the processed
   * distribution; raw logprobs still describe the model's unconstrained distribution.
   */
  responseFormat?: ResponseFormat;
}

/** Result of a generation. */
export interface GenerateResult {
  /** Generated text (excluding the prompt and any stop string). */
  text: string;
  /** Generated tokens with logprobs and provenance. */
  sequence: LogprobSequence;
  /** Prompt tokens with logprobs, when `echo` was requested and supported. */
  prompt?: LogprobSequence;
  finishReason: FinishReason;
  usage: Usage;
  warnings: ModelWarning[];
  /** Model identifier that served the request. */
  model: string;
}

/** Streaming events: one `token` per generated token, then one `done`. */
export type GenerateEvent =
  | { type: "token"; index: number; token: TokenLogprob }
  | { type: "done"; result: GenerateResult };

/** Request to score a given text (logprob of every token given the ones before it). */
export interface ScoreRequest {
  text: string;
  /** Number of top alternatives per token (0 = none). */
  topLogprobs?: number;
  /** Window size in tokens for texts longer than the context (default: the model's context). */
  windowSize?: number;
  /** Stride of the sliding window in tokens (default: half the window). */
  stride?: number;
  /** Called after each evaluated window with tokens done and total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Request to score several whole texts (each must fit the context: no sliding window). A backend
 * that implements it evaluates a token prefix that several texts share once, as llama-perplexity's
 * multiple-choice modes do; the numbers equal scoring each text alone.
 */
export interface ScoreManyRequest {
  texts: string[];
  /** Number of top alternatives per token (0 = none). */
  topLogprobs?: number;
  signal?: AbortSignal;
}

/** Result of scoring a text. */
export interface ScoreResult {
  /**
   * Tokens of the text with logprobs. When the backend prepends a BOS token, the first text token
   * is conditioned on BOS and has a logprob; otherwise it is `null`. `bosConditioned` says which.
   */
  sequence: LogprobSequence;
  /** True when the first text token was conditioned on a BOS token. */
  bosConditioned: boolean;
  /** exp(-mean logprob) over the scored tokens. */
  perplexity: number;
  /**
   * Total negative log-likelihood of the scored tokens in bits, divided by their UTF-8 byte count
   * (the bytes of the tokens' pieces: a leading space that a SentencePiece tokenizer adds to the
   * first word counts; an unscored first token's bytes do not). Same rule as `summarizeSequence`.
   */
  bitsPerByte: number;
  usage: Usage;
  warnings: ModelWarning[];
  model: string;
}

/** Request for beam search. */
export interface BeamSearchRequest {
  prompt?: string;
  messages?: ChatMessage[];
  /** Number of beams kept at each step. */
  width: number;
  maxTokens: number;
  /** Length penalty exponent alpha: beams are ranked by cumulative logprob / length^alpha. */
  lengthPenalty?: number;
  stop?: string[];
  topLogprobs?: number;
  signal?: AbortSignal;
}

/** One finished beam. */
export interface Beam {
  text: string;
  sequence: LogprobSequence;
  /** Sum of the beam's token logprobs (nats). */
  cumulativeLogprob: number;
  /** Ranking score after the length penalty. */
  score: number;
  finishReason: FinishReason;
}

/** Beams, best first. */
export interface BeamSearchResult {
  beams: Beam[];
  model: string;
  warnings: ModelWarning[];
}

/** Continue from a prefix of generated tokens with one token forced ("what if it had said X"). */
export interface BranchRequest extends Omit<GenerateRequest, "echo"> {
  /** Token ids generated so far (after the prompt) to keep before the forced token. */
  prefixTokens: number[];
  /** Token id forced at position `prefixTokens.length`. */
  forcedToken: number;
}

/**
 * What a tokenizer's configuration says about its special tokens and chat template (the fields
 * of Hugging Face's tokenizer_config.json that vLLM's `/tokenizer_info` serves).
 */
export interface TokenizerInfo {
  /** Text of the end-of-sequence token; null when the model has none. */
  eosToken: string | null;
  /** Text of the beginning-of-sequence token; null when the model has none. */
  bosToken: string | null;
  /** Text of the padding token; null when the model has none. */
  padToken: string | null;
  /** True when the model adds BOS before a text. */
  addBosToken: boolean;
  /** The chat template (Jinja) from the model's metadata; null when it has none. */
  chatTemplate: string | null;
  /** Tokens in the context. */
  modelMaxLength: number;
}

/** What a local model's prompt cache holds and has done since it was loaded. */
export interface PromptCacheStats {
  /** Token budget of the idle sequences. */
  budgetTokens: number;
  /** Tokens the idle sequences hold now. */
  retainedTokens: number;
  /** Requests that reused at least one cached token. */
  hits: number;
  /** Requests that reused none. */
  misses: number;
  /** Prompt tokens taken from the cache. */
  reusedTokens: number;
  /** Prompt tokens evaluated. */
  evaluatedTokens: number;
}

/** The interface every backend implements. */
export interface LogprobModel {
  /** Model identifier (file name, remote model name). */
  readonly id: string;
  /** Backend kind, e.g. "engine", "openai". Used as `Provenance.source`. */
  readonly source: string;
  readonly capabilities: ModelCapabilities;
  /** Generates text with logprobs. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Same as `generate`, but yields each token as it is produced, then the final result. */
  stream(request: GenerateRequest): AsyncIterable<GenerateEvent>;
  /** Scores given text. Throws when `capabilities.promptLogprobs` is false. */
  score(request: ScoreRequest): Promise<ScoreResult>;
  /**
   * Scores several texts, one result per text in order, evaluating shared token prefixes once.
   * Optional: callers fall back to one `score` per text.
   */
  scoreMany?(request: ScoreManyRequest): Promise<ScoreResult[]>;
  /** Beam search; present when `capabilities.beamSearch`. */
  beamSearch?(request: BeamSearchRequest): Promise<BeamSearchResult>;
  /**
   * Branching; present when `capabilities.branching`. The result's `sequence` holds the prefix
   * tokens, then the forced token, then the continuation, so it replaces the original output.
   */
  branch?(request: BranchRequest): Promise<GenerateResult>;
  /** Text to token ids; present when `capabilities.tokenize`. */
  tokenize?(text: string): Promise<number[]>;
  /** Token ids to text; present when `capabilities.tokenize`. */
  detokenize?(tokens: number[]): Promise<string>;
  /**
   * Each token's own bytes, as llama.cpp's `token_to_piece` gives them (a SentencePiece word
   * start keeps its space, which `detokenize` of the token alone drops); present on local models.
   */
  tokenBytes?(tokens: number[]): Uint8Array[];
  /** Exact full next-token distributions; present when `capabilities.fullDistributions`. */
  readonly fullDistributions?: FullDistributionSource;
  /**
   * Refuses a structured-output format this model cannot enforce, with the
   * {@link InvalidInputError} `generate` would throw (naming the schema keyword and its path), before
   * any work: a server checks it before a streamed answer starts, so the refusal is a 400, not an
   * error event after a 200. Present on models that enforce formats themselves (the engine).
   */
  checkResponseFormat?(format: ResponseFormat): Promise<void>;
  /** The tokenizer's special tokens and chat template; present on local models. */
  tokenizerInfo?(): TokenizerInfo;
  /** The prompt cache's counters; undefined when the model has none. */
  promptCacheStats?(): PromptCacheStats | undefined;
  /** Context size in tokens, when known. */
  readonly contextSize?: number;
  /** The evaluator and device of a local model (absent for remote APIs). */
  readonly evaluator?: EvaluatorInfo;
  /** Releases native or network resources. */
  close?(): Promise<void>;
}
