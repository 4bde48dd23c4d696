/**
 * The joint logprob of each candidate label as a continuation of a prompt: exactly, by scoring
 * `prompt + continuation` and summing the logprobs of the tokens after the prompt's own tokens; or,
 * on a backend that cannot score given text, approximately from the top-k alternatives of the first
 * generated token.
 */

import { mapConcurrently } from "../concurrency/map-concurrently.js";
import { ContextOverflowError, InvalidInputError, UnsupportedError } from "../errors.js";
import type { LogprobModel, ModelWarning, ScoreResult } from "../model.js";
import type { TokenLogprob } from "../types.js";

/** The logprob of one label continuation. */
export interface ContinuationLogprob {
  /** Joint logprob of the label's tokens given the prompt (nats, <= 0; -Infinity when unseen). */
  logprob: number;
  /** Number of tokens summed (1 for the first-token approximation). */
  tokenCount: number;
  /** True when the sum covers exactly the label's tokens given the prompt's own tokenization. */
  exact: boolean;
  /** The summed tokens (id when known, logprob), from exact scoring only. */
  tokens?: { id?: number; logprob: number }[];
}

/** Label logprobs and the notes gathered while computing them. */
export interface ContinuationLogprobs {
  continuations: ContinuationLogprob[];
  /** True when the first-token top-k approximation was used. */
  approximate: boolean;
  warnings: ModelWarning[];
}

function sameToken(a: TokenLogprob, b: TokenLogprob): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  return a.token === b.token;
}

/** Start offsets (UTF-16 units) of the tokens: `textOffset` when known, else running lengths. */
function startOffsets(tokens: readonly TokenLogprob[]): number[] {
  const offsets: number[] = [];
  let running = 0;
  for (const token of tokens) {
    const offset = token.textOffset ?? running;
    offsets.push(offset);
    running = offset + token.token.length;
  }
  return offsets;
}

/** The field of text `index` of `[...contexts, ...context + continuation]` in the caller's terms. */
function fieldOfText(index: number, contextCount: number): string {
  if (index < contextCount) return contextCount === 1 ? "prompt" : `contexts[${index}]`;
  return `labels[${index - contextCount}]`;
}

/** `scoreMany` over `[...contexts, ...context + continuation]`, its errors naming the prompt or the label. */
async function scoreSharingPrefix(
  scoreMany: NonNullable<LogprobModel["scoreMany"]>,
  texts: string[],
  withSignal: { signal?: AbortSignal },
  contextCount: number,
): Promise<ScoreResult[]> {
  try {
    return await scoreMany({ texts, ...withSignal });
  } catch (error) {
    const field =
      error instanceof InvalidInputError || error instanceof ContextOverflowError ? error.field : undefined;
    const match = field === undefined ? null : /^texts\.(\d+)$/.exec(field);
    if (!match) throw error;
    const named = fieldOfText(Number(match[1]), contextCount);
    const message =
      error instanceof Error
        ? error.message.replace(
            field as string,
            named.startsWith("labels") ? `${named} with its prompt` : named,
          )
        : String(error);
    if (error instanceof ContextOverflowError)
      throw new ContextOverflowError(error.tokens, error.contextSize, message, named);
    throw new InvalidInputError(named, message, (error as InvalidInputError).allowed);
  }
}

/**
 * Exact label logprobs through `model.score`: scores the prompt alone (n tokens) and
 * `prompt + continuation` for each continuation, checks that the first n tokens of the latter are
 * the prompt's tokens (same ids, else same text) and that token n starts exactly where the prompt's
 * text ends, and sums the logprobs of the tokens after them:
 * `l = sum_{t > n} log p(token_t | tokens_<t)`.
 *
 * When the tokenizer merges across the boundary (the prefix differs), the sum starts at the token
 * that holds the continuation's first character, the result is marked `exact: false` and a
 * "label-boundary-tokenization" warning says so.
 *
 * Cost: with `model.scoreMany` (the engine), one call that evaluates the prompt's tokens once and
 * then each continuation's tokens (llama-perplexity's shared-context scoring); otherwise k + 1
 * score calls for k continuations, `model.capabilities.parallelRequests` at a time.
 *
 * @throws {UnsupportedError} when the backend cannot score given text, or a label token has no logprob
 */
export async function scoreContinuations(
  model: LogprobModel,
  prompt: string,
  continuations: readonly string[],
  signal?: AbortSignal,
): Promise<ContinuationLogprobs> {
  return scorePairs(
    model,
    continuations.map((continuation) => ({ context: prompt, continuation })),
    signal,
  );
}

/** One loglikelihood request: `log p(continuation | context)`, as lm-eval's `loglikelihood`. */
export interface ContextContinuation {
  context: string;
  continuation: string;
}

/**
 * Exact logprobs of several (context, continuation) pairs, as {@link scoreContinuations} computes
 * them for one prompt: each distinct context is scored once, each `context + continuation` once,
 * in one `model.scoreMany` call when the backend has it (shared token prefixes evaluated once).
 * Warnings name `labels[i]` for pair i.
 *
 * @throws {UnsupportedError} when the backend cannot score given text, or a token has no logprob
 */
export async function scorePairs(
  model: LogprobModel,
  pairs: readonly ContextContinuation[],
  signal?: AbortSignal,
): Promise<ContinuationLogprobs> {
  const warnings: ModelWarning[] = [];
  const withSignal = signal ? { signal } : {};
  const contexts = [...new Set(pairs.map((pair) => pair.context))];
  // Every distinct context, then every context + continuation: in one shared-prefix call, or at
  // most `parallelRequests` score calls at once (the engine packs them into shared decodes).
  const texts = [...contexts, ...pairs.map((pair) => pair.context + pair.continuation)];
  const scores = model.scoreMany
    ? await scoreSharingPrefix(model.scoreMany.bind(model), texts, withSignal, contexts.length)
    : await mapConcurrently(
        texts,
        model.capabilities.parallelRequests ?? 1,
        (text) => model.score({ text, ...withSignal }),
        signal,
      );
  const results: ContinuationLogprob[] = [];
  for (const [labelIndex, pair] of pairs.entries()) {
    const promptSequence = (scores[contexts.indexOf(pair.context)] as ScoreResult).sequence;
    const promptTokens = promptSequence.tokens;
    const count = promptTokens.length;
    // Where the continuation starts in the scored text (a tokenizer may add a leading space to it).
    const promptEnd =
      promptSequence.text?.length ?? promptTokens.reduce((sum, token) => sum + token.token.length, 0);
    const scored = scores[contexts.length + labelIndex] as ScoreResult;
    const tokens = scored.sequence.tokens;
    let start = count;
    const offsets = startOffsets(tokens);
    const exact =
      tokens.length > count &&
      offsets[count] === promptEnd &&
      promptTokens.every((token, index) => sameToken(token, tokens[index] as TokenLogprob));
    if (!exact) {
      // The token holding the continuation's first character: the last one starting at or before it.
      start = 0;
      for (let index = 0; index < tokens.length; index++) {
        if ((offsets[index] as number) <= promptEnd) start = index;
      }
      warnings.push({
        code: "label-boundary-tokenization",
        field: `labels[${labelIndex}]`,
        message: `the prompt tokenizes differently when followed by ${JSON.stringify(pair.continuation)}; its probability is taken from the token holding its first character on (approximate)`,
      });
    }
    let logprob = 0;
    for (let index = start; index < tokens.length; index++) {
      const value = (tokens[index] as TokenLogprob).logprob;
      if (value === null) {
        throw new UnsupportedError(
          "promptLogprobs",
          `the model gave no logprob for token ${index} of ${JSON.stringify(pair.context + pair.continuation)}`,
        );
      }
      logprob += value;
    }
    results.push({
      logprob: Math.min(0, logprob),
      tokenCount: tokens.length - start,
      exact,
      tokens: tokens.slice(start).map((token) => ({
        ...(token.id !== undefined ? { id: token.id } : {}),
        logprob: token.logprob as number,
      })),
    });
  }
  return { continuations: results, approximate: false, warnings };
}

/**
 * Approximate label logprobs from one generated token: asks for the first generated token with as
 * many top alternatives as the backend returns, and gives each continuation the total probability
 * of the alternatives whose text (leading whitespace ignored) is a non-empty prefix of it. Labels
 * whose first token is not among the top k get probability 0; labels that share a first token get
 * the same probability (a warning names them). Every result has `exact: false` and the whole result
 * is marked `approximate`, with a "first-token-approximation" warning.
 *
 * Cost: one generate call of one token.
 */
export async function firstTokenContinuations(
  model: LogprobModel,
  prompt: string,
  continuations: readonly string[],
  signal?: AbortSignal,
): Promise<ContinuationLogprobs> {
  const topLogprobs = model.capabilities.maxTopLogprobs;
  const request = model.capabilities.textPrompt
    ? { prompt }
    : { messages: [{ role: "user" as const, content: prompt }] };
  const result = await model.generate({
    ...request,
    maxTokens: 1,
    topLogprobs,
    ...(signal ? { signal } : {}),
  });
  const warnings: ModelWarning[] = [
    ...result.warnings,
    {
      code: "first-token-approximation",
      field: "labels",
      message: `${model.id} cannot score given text, so each label's probability is that of its first token among the top ${topLogprobs} alternatives (approximate)`,
    },
  ];
  const first = result.sequence.tokens[0];
  const alternatives = new Map<string, number>();
  if (first) {
    for (const alternative of first.top) alternatives.set(alternative.token, alternative.logprob);
    if (first.logprob !== null && !alternatives.has(first.token))
      alternatives.set(first.token, first.logprob);
  }
  const matchedBy = new Map<string, number[]>();
  const results = continuations.map((continuation, labelIndex) => {
    const target = continuation.trimStart();
    let probability = 0;
    for (const [token, logprob] of alternatives) {
      const piece = token.trimStart();
      if (piece === "" || !target.startsWith(piece)) continue;
      probability += Math.exp(logprob);
      matchedBy.set(token, [...(matchedBy.get(token) ?? []), labelIndex]);
    }
    return { logprob: Math.min(0, Math.log(probability)), tokenCount: 1, exact: false };
  });
  for (const [token, labels] of matchedBy) {
    if (labels.length < 2) continue;
    warnings.push({
      code: "labels-share-first-token",
      field: "labels",
      message: `labels ${labels.map((index) => `[${index}]`).join(", ")} all start with the token ${JSON.stringify(token)}: the first-token approximation cannot tell them apart`,
    });
  }
  return { continuations: results, approximate: true, warnings };
}
