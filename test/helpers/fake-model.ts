/**
 * A deterministic test double of {@link LogprobModel}: a bigram model over a 12-token vocabulary
 * whose logits are a fixed function of (previous token, next token). Its distributions are exact
 * and small, so tests of the CLI and the server can check every number by hand, without native
 * code. Not a product feature.
 */
import type {
  GenerateEvent,
  GenerateRequest,
  GenerateResult,
  LogprobModel,
  ModelCapabilities,
  ScoreRequest,
  ScoreResult,
} from "../../src/core/model.js";
import { createRandom } from "../../src/core/sampling/create-random.js";
import { runTokenSampler, samplerCandidates } from "../../src/core/sampling/custom-sampler-step.js";
import type { TokenLogprob } from "../../src/core/types.js";

/** The fake vocabulary; id = index. Token 0 is BOS, token 1 is EOS. */
export const fakeVocabulary = [
  "<s>",
  "</s>",
  " the",
  " cat",
  " sat",
  " on",
  " mat",
  ".",
  " a",
  " dog",
  " ran",
  " fast",
] as const;

const encoder = new TextEncoder();

/** Raw logit of `next` after `previous`: a fixed, uneven table so that every rank is distinct. */
export function fakeLogit(previous: number, next: number): number {
  if (next === 0) return -30; // BOS never follows anything
  return Math.sin(previous * 7.3 + next * 3.1) * 4 + (next === (previous % 10) + 2 ? 3 : 0);
}

/** Exact log-softmax of the fake logits after `previous` (nats). */
export function fakeLogprobs(previous: number): number[] {
  const logits = fakeVocabulary.map((_, next) => fakeLogit(previous, next));
  const max = Math.max(...logits);
  const logSum = max + Math.log(logits.reduce((sum, value) => sum + Math.exp(value - max), 0));
  return logits.map((value) => value - logSum);
}

/** Greedy longest-match tokenizer over the fake vocabulary (unknown characters are skipped). */
export function fakeTokenize(text: string): number[] {
  const ids: number[] = [];
  let position = 0;
  while (position < text.length) {
    let best = -1;
    let bestLength = 0;
    fakeVocabulary.forEach((piece, id) => {
      if (id > 1 && piece.length > bestLength && text.startsWith(piece, position)) {
        best = id;
        bestLength = piece.length;
      }
    });
    if (best < 0) position += 1;
    else {
      ids.push(best);
      position += bestLength;
    }
  }
  return ids;
}

function tokenRecord(previous: number, id: number, k: number, textOffset: number): TokenLogprob {
  const logprobs = fakeLogprobs(previous);
  const order = logprobs.map((_, index) => index).sort((a, b) => logprobs[b]! - logprobs[a]!);
  const piece = fakeVocabulary[id]!;
  return {
    token: piece,
    bytes: [...encoder.encode(piece)],
    id,
    logprob: logprobs[id]!,
    top: order.slice(0, k).map((other) => ({
      token: fakeVocabulary[other]!,
      logprob: logprobs[other]!,
      bytes: [...encoder.encode(fakeVocabulary[other]!)],
      id: other,
    })),
    entropy: -logprobs.reduce((sum, value) => sum + Math.exp(value) * value, 0),
    rank: order.indexOf(id) + 1,
    textOffset,
  };
}

const capabilities: ModelCapabilities = {
  maxTopLogprobs: fakeVocabulary.length,
  promptLogprobs: true,
  exactEntropy: true,
  logprobsModes: ["raw"],
  textPrompt: true,
  chat: true,
  beamSearch: false,
  branching: false,
  tokenize: true,
  fullDistributions: false,
};

/**
 * Creates the fake model. Generation is greedy, or chosen by `request.sampler` (seeded with
 * `sampling.seed`, default 0); `delayMs` slows each token (for cancellation tests).
 */
export function createFakeModel(options: { delayMs?: number } = {}): LogprobModel {
  const id = "fake-bigram";
  async function* stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    const promptText =
      request.prompt ?? (request.messages ?? []).map((message) => message.content).join("\n");
    const promptIds = [0, ...fakeTokenize(promptText)];
    const tokens: TokenLogprob[] = [];
    let previous = promptIds[promptIds.length - 1]!;
    let text = "";
    let finishReason: GenerateResult["finishReason"] = "length";
    const warnings: GenerateResult["warnings"] = [];
    let random: (() => number) | undefined;
    const maxTokens = request.maxTokens ?? 16;
    for (let index = 0; index < maxTokens; index++) {
      if (request.signal?.aborted) {
        finishReason = "cancelled";
        break;
      }
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const logprobs = fakeLogprobs(previous);
      let next = logprobs.indexOf(Math.max(...logprobs));
      if (request.sampler) {
        random ??= createRandom(request.sampling?.seed ?? 0);
        const outcome = runTokenSampler(request.sampler, {
          candidates: samplerCandidates(logprobs, (tokenId) => fakeVocabulary[tokenId] ?? ""),
          index,
          random,
          history: tokens.map((token) => token.id ?? -1),
        });
        if (outcome.stop) {
          warnings.push({ code: "sampler-stopped", field: "sampler", message: outcome.reason });
          finishReason = "stop";
          break;
        }
        next = outcome.id;
      }
      if (next === 1) {
        finishReason = "stop";
        break;
      }
      const record = tokenRecord(previous, next, request.topLogprobs ?? 0, text.length);
      text += record.token;
      tokens.push(record);
      yield { type: "token", index, token: record };
      previous = next;
    }
    const result: GenerateResult = {
      text,
      sequence: { tokens, text, provenance: { source: "fake", model: id, distribution: "raw" } },
      finishReason,
      usage: { promptTokens: promptIds.length, completionTokens: tokens.length },
      warnings,
      model: id,
    };
    yield { type: "done", result };
  }
  return {
    id,
    source: "fake",
    capabilities,
    contextSize: 64,
    stream,
    async generate(request) {
      for await (const event of stream(request)) if (event.type === "done") return event.result;
      throw new Error("fake model stream ended without a result");
    },
    async score(request: ScoreRequest): Promise<ScoreResult> {
      const ids = fakeTokenize(request.text);
      let previous = 0;
      let offset = 0;
      const tokens = ids.map((tokenId) => {
        const record = tokenRecord(previous, tokenId, request.topLogprobs ?? 0, offset);
        offset += record.token.length;
        previous = tokenId;
        return record;
      });
      const total = tokens.reduce((sum, token) => sum + (token.logprob ?? 0), 0);
      const byteCount = tokens.reduce((sum, token) => sum + token.bytes.length, 0);
      return {
        sequence: {
          tokens,
          text: request.text,
          provenance: { source: "fake", model: id, distribution: "raw" },
        },
        bosConditioned: true,
        perplexity: Math.exp(-total / Math.max(tokens.length, 1)),
        bitsPerByte: -total / Math.LN2 / Math.max(byteCount, 1),
        usage: { promptTokens: ids.length + 1, completionTokens: 0 },
        warnings: [],
        model: id,
      };
    },
    async tokenize(text) {
      return fakeTokenize(text);
    },
    async detokenize(ids) {
      return ids.map((tokenId) => fakeVocabulary[tokenId] ?? "").join("");
    },
  };
}
