/**
 * {@link NativeContext}: one native llama.cpp context shared by several sequences. Calls are queued;
 * evaluations from different sequences that wait at the same time are merged into one decode (one
 * pass over the weights serves them all, as in llama-server's continuous batching), and every
 * queried position comes back as O(k) numbers computed natively from the logits. When llama.cpp
 * refuses a merged decode, each request in it is run again alone, so only one that fails by itself
 * is rejected; the others (and every other sequence's cache) are unaffected.
 */
import type { PositionQuery, PositionStats, SampleQuery } from "../position-stats.js";
import type {
  NativeDecodeResult,
  NativeGrammar,
  NativeLoadOptions,
  NativeModelInfo,
  NativeSampleSpec,
  NativeSession,
} from "./native-addon.js";
import { loadNativeAddon } from "./native-addon.js";

interface DecodeOp {
  kind: "decode";
  sequence: number;
  start: number;
  tokens: readonly number[];
  queries: readonly (PositionQuery | undefined)[];
  resolve: (stats: (PositionStats | undefined)[]) => void;
  reject: (error: unknown) => void;
}

interface RewindOp {
  kind: "rewind";
  sequence: number;
  from: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

type Op = DecodeOp | RewindOp;

/** Work done natively, summed over the context's life. */
export interface NativeTimings {
  /** Milliseconds in llama_decode. */
  decodeMs: number;
  /** Milliseconds reducing logits to statistics. */
  reduceMs: number;
  /** Native decode calls. */
  decodes: number;
  /** Positions whose statistics were returned. */
  positions: number;
  /** Bytes of typed arrays handed to JavaScript (O(k) per position unless `full` was asked). */
  bytesReturned: number;
}

/**
 * Converts output `r` of a native result into {@link PositionStats}. `k` is the result's stride of
 * top entries, `fullIndex` the row of `fullLogits` (or -1). O(query.topK), or O(V) with `full`.
 */
export function positionStatsAt(
  result: NativeDecodeResult,
  r: number,
  k: number,
  query: PositionQuery,
  fullIndex: number,
  vocabularySize: number,
): PositionStats {
  const base = r * k;
  const top: { id: number; logprob: number }[] = [];
  const wanted = Math.min(query.topK, k);
  for (let j = 0; j < wanted; j++)
    top.push({ id: result.topIds[base + j]!, logprob: result.topLogprobs[base + j]! });
  const stats: PositionStats = {
    entropy: result.entropy[r]!,
    argmax: { id: result.topIds[base]!, logprob: result.topLogprobs[base]! },
    top,
  };
  if (query.target !== undefined) {
    stats.targetLogprob = Math.min(0, result.targetLogprob[r]!);
    stats.targetRank = result.rank[r]!;
  }
  if (query.full && fullIndex >= 0) {
    const lse = result.logSumExp[r]!;
    const row = result.fullLogits.subarray(fullIndex * vocabularySize, (fullIndex + 1) * vocabularySize);
    const logprobs = new Float64Array(vocabularySize);
    for (let id = 0; id < vocabularySize; id++) logprobs[id] = Math.min(0, row[id]! - lse);
    stats.logprobs = logprobs;
    stats.logSumExp = lse;
  }
  const sampled = result.sampled;
  if (query.sample && sampled) {
    const id = sampled.id[r]!;
    if (id === GRAMMAR_ALLOWS_NONE) {
      stats.sampled = {
        id: -1,
        grammarAllowsNone: true,
        rawLogprob: 0,
        rawRank: 0,
        logprob: 0,
        entropy: 0,
        rank: 0,
        top: [],
      };
      return stats;
    }
    if (id < 0) throw new Error("native sampling found no candidate with a finite score");
    const sampledTop: { id: number; logprob: number }[] = [];
    for (let j = 0; j < wanted; j++) {
      const topId = sampled.topIds[base + j]!;
      if (topId < 0) break;
      sampledTop.push({ id: topId, logprob: sampled.topLogprobs[base + j]! });
    }
    stats.sampled = {
      id,
      rawLogprob: sampled.rawLogprob[r]!,
      rawRank: sampled.rawRank[r]!,
      logprob: sampled.logprob[r]!,
      entropy: sampled.entropy[r]!,
      rank: sampled.rank[r]!,
      top: sampledTop,
    };
  }
  return stats;
}

/** The addon's sampled id when the query's grammar allowed no token (sampling.h). */
const GRAMMAR_ALLOWS_NONE = -2;

/** The addon's form of a {@link SampleQuery}. O(number of penalised ids). */
function nativeSampleSpec(sample: SampleQuery): NativeSampleSpec {
  const spec: NativeSampleSpec = { seed: sample.seed, draws: sample.draws, temperature: sample.temperature };
  if (sample.topK !== undefined) spec.topK = sample.topK;
  if (sample.topP !== undefined) spec.topP = sample.topP;
  if (sample.minP !== undefined) spec.minP = sample.minP;
  if (sample.typicalP !== undefined) spec.typicalP = sample.typicalP;
  if (sample.repeatPenalty !== undefined) spec.repeatPenalty = sample.repeatPenalty;
  if (sample.penalized !== undefined) spec.penalized = Int32Array.from(sample.penalized);
  // The grammar came from NativeContext.createGrammar, so it is the addon's own object.
  if (sample.grammar !== undefined) spec.grammar = sample.grammar as NativeGrammar;
  if (sample.reportAfterGrammar === true) spec.reportAfterGrammar = true;
  return spec;
}

/** A native model + context with `sequences` independent sequences. */
export class NativeContext {
  readonly info: NativeModelInfo;
  readonly timings: NativeTimings = { decodeMs: 0, reduceMs: 0, decodes: 0, positions: 0, bytesReturned: 0 };
  readonly #session: NativeSession;
  readonly #queue: Op[] = [];
  #running = false;
  #closed = false;

  private constructor(session: NativeSession, info: NativeModelInfo) {
    this.#session = session;
    this.info = info;
  }

  /**
   * Loads `path` natively (the weights are mmapped once: node-llama-cpp loads only the
   * vocabulary). Throws when the addon is unavailable or llama.cpp cannot load the model.
   * Memory: a KV cache of `contextSize * sequences` tokens and the logits of one batch.
   */
  static async open(path: string, options: NativeLoadOptions): Promise<NativeContext> {
    const status = loadNativeAddon();
    if (!status.available) throw new Error(`native addon unavailable: ${status.reason}`);
    const session = new status.addon.Session();
    const info = await session.load(path, options);
    return new NativeContext(session, info);
  }

  /**
   * Evaluates `tokens` into `sequence` at positions `start, start + 1, ...` and returns the
   * statistics asked by `queries` (index-aligned with `tokens`).
   */
  evaluate(
    sequence: number,
    start: number,
    tokens: readonly number[],
    queries: readonly (PositionQuery | undefined)[],
  ): Promise<(PositionStats | undefined)[]> {
    if (tokens.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#push({ kind: "decode", sequence, start, tokens, queries, resolve, reject });
    });
  }

  /** Parses a GBNF grammar for this model off the JavaScript thread (see `NativeSession`). */
  createGrammar(gbnf: string): Promise<NativeGrammar> {
    if (this.#closed) return Promise.reject(new Error("the native context is closed"));
    return this.#session.createGrammar(gbnf);
  }

  /** Forgets the tokens of `sequence` from position `from` on. */
  rewind(sequence: number, from: number): Promise<void> {
    return new Promise((resolve, reject) => this.#push({ kind: "rewind", sequence, from, resolve, reject }));
  }

  /** Frees the native model and context once queued calls are done; later calls reject. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#running || this.#queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    this.#session.close();
  }

  #push(op: Op): void {
    if (this.#closed) {
      op.reject(new Error("the native context is closed"));
      return;
    }
    this.#queue.push(op);
    void this.#pump();
  }

  async #pump(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const first = this.#queue[0]!;
        if (first.kind === "rewind") {
          this.#queue.shift();
          if (this.#session.rewind(first.sequence, first.from)) first.resolve();
          else
            first.reject(new Error(`llama.cpp could not rewind sequence ${first.sequence} to ${first.from}`));
          continue;
        }
        // Let the callers that were just answered queue their next step (their continuations run
        // through several promise hops), so that concurrent sequences share one decode.
        await new Promise((resolve) => setImmediate(resolve));
        const batch: DecodeOp[] = [];
        let size = 0;
        while (this.#queue.length > 0) {
          const next = this.#queue[0]!;
          if (next.kind !== "decode") break;
          if (batch.length > 0 && size + next.tokens.length > this.info.batchSize) break;
          batch.push(next);
          size += next.tokens.length;
          this.#queue.shift();
        }
        await this.#run(batch, size);
      }
    } finally {
      this.#running = false;
    }
  }

  async #run(batch: DecodeOp[], size: number): Promise<void> {
    const tokens = new Int32Array(size);
    const seqIds = new Int32Array(size);
    const positions = new Int32Array(size);
    const outputs = new Uint8Array(size);
    const targets = new Int32Array(size).fill(-1);
    const full = new Uint8Array(size);
    let samples: (NativeSampleSpec | undefined)[] | undefined;
    let topK = 1;
    let i = 0;
    for (const op of batch) {
      for (let j = 0; j < op.tokens.length; j++, i++) {
        tokens[i] = op.tokens[j]!;
        seqIds[i] = op.sequence;
        positions[i] = op.start + j;
        const query = op.queries[j];
        if (!query) continue;
        outputs[i] = 1;
        if (query.target !== undefined) targets[i] = query.target;
        if (query.full) full[i] = 1;
        if (query.sample) {
          samples ??= new Array<NativeSampleSpec | undefined>(size).fill(undefined);
          samples[i] = nativeSampleSpec(query.sample);
        }
        topK = Math.max(topK, query.topK);
      }
    }
    topK = Math.min(topK, this.info.vocabSize);
    let result: NativeDecodeResult;
    try {
      result = await this.#session.decode({
        tokens,
        seqIds,
        positions,
        outputs,
        targets,
        full,
        topK,
        ...(samples ? { samples } : {}),
      });
    } catch (error) {
      // llama.cpp refused the merged decode; the addon removed only its tokens. Run each request
      // alone, so only the one that llama.cpp refuses by itself fails.
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const op of batch) await this.#run([op], op.tokens.length);
      return;
    }
    this.timings.decodeMs += result.decodeMs;
    this.timings.reduceMs += result.reduceMs;
    this.timings.decodes++;
    this.timings.positions += result.count;
    for (const array of [
      result.logSumExp,
      result.targetLogprob,
      result.entropy,
      result.rank,
      result.topIds,
      result.topLogprobs,
      result.fullLogits,
      ...(result.sampled ? Object.values(result.sampled) : []),
    ] as ArrayBufferView[]) {
      this.timings.bytesReturned += array.byteLength;
    }
    let r = 0;
    let f = 0;
    for (const op of batch) {
      const stats: (PositionStats | undefined)[] = [];
      let failure: unknown;
      for (let j = 0; j < op.tokens.length; j++) {
        const query = op.queries[j];
        if (!query) {
          stats.push(undefined);
          continue;
        }
        try {
          stats.push(positionStatsAt(result, r, topK, query, query.full ? f : -1, this.info.vocabSize));
        } catch (error) {
          failure ??= error;
          stats.push(undefined);
        }
        r++;
        if (query.full) f++;
      }
      if (failure !== undefined) op.reject(failure);
      else op.resolve(stats);
    }
  }
}
