/**
 * The native {@link Evaluator}: logprobe's addon decodes with llama.cpp and reduces each queried
 * position's logits to O(k) numbers natively (log-sum-exp, target logprob and rank, exact entropy,
 * top-k), so JavaScript never receives or allocates a vocabulary-sized array unless a query asks
 * for the full distribution. {@link nativeEvaluatorFactory} falls back to node-llama-cpp's
 * evaluator when the addon is unavailable.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import type { EvaluatorInfo } from "../../core/types.js";
import type {
  Evaluator,
  EvaluatorFactory,
  EvaluatorFactoryInput,
  EvaluatorPromptCache,
  EvaluatorSequence,
} from "../evaluator.js";
import { createLlamaEvaluator } from "../llama-evaluator.js";
import type { PositionQuery, PositionStats } from "../position-stats.js";
import { type CachedPosition, commonPrefixLength, type PromptCacheStats } from "../prompt-cache.js";
import { SequencePool } from "../sequence-pool.js";
import { gpuBackendLibrary, gpuTypeOfLibrary, resolveGpuLayers } from "./gpu-backend.js";
import { loadNativeAddon } from "./native-addon.js";
import { NativeContext, type NativeTimings } from "./native-context.js";

const timingsByEvaluator = new WeakMap<Evaluator, NativeTimings>();

/**
 * The native work an evaluator made by {@link createNativeEvaluator} has done (decode and reduce
 * time, bytes of typed arrays handed to JavaScript), summed over its life; undefined for others.
 */
export function nativeTimingsOf(evaluator: Evaluator): NativeTimings | undefined {
  return timingsByEvaluator.get(evaluator);
}

/** Options of {@link createNativeEvaluator}. */
export interface NativeEvaluatorOptions {
  /** Tokens per sequence. */
  contextSize: number;
  /** Number of sequences (requests served at once). */
  parallel: number;
  /** CPU threads for decoding and for reducing logits (default {@link defaultThreads}). */
  threads?: number;
  /** Tokens per decode call (default min(512, contextSize)). */
  batchSize?: number;
  /**
   * A GPU to offload to: the backend library to register (see gpu-backend.ts), its type and the
   * layers to offload (-1 = all). Absent: the CPU only.
   */
  gpu?: { library: string; type: string; layers: number };
  /**
   * Choose sampled tokens natively (`PositionQuery.sample`), handing JavaScript O(k) numbers per
   * token instead of the full distribution. Default true, unless `LOGPROBE_NATIVE_SAMPLING=0`.
   */
  sampling?: boolean;
  /** Token budget of the prompt cache; 0 or absent: off (see prompt-cache.ts). */
  promptCacheTokens?: number;
}

class NativeSequence implements EvaluatorSequence {
  readonly #context: NativeContext;
  readonly #id: number;
  readonly #release: (sequence: NativeSequence) => void;
  #tokens: number[] = [];
  /** Statistics of positions queried with a target, by position (prompt cache). */
  #cached: (CachedPosition | undefined)[] = [];
  #released = false;
  /** When the sequence was last given back (prompt cache's LRU order). */
  releasedAt = 0;

  readonly #keepStats: boolean;

  /** `keepStats`: keep targeted positions' statistics for the prompt cache (off without one). */
  constructor(
    context: NativeContext,
    id: number,
    release: (sequence: NativeSequence) => void,
    keepStats = false,
  ) {
    this.#context = context;
    this.#id = id;
    this.#release = release;
    this.#keepStats = keepStats;
  }

  get tokens(): readonly number[] {
    return this.#tokens;
  }

  async reset(): Promise<void> {
    this.#released = false;
    if (this.#tokens.length > 0) {
      this.#tokens = [];
      this.#cached = [];
      await this.#context.rewind(this.#id, 0);
    }
  }

  /** Hands the sequence out again with its tokens kept (prompt cache). */
  reuse(): void {
    this.#released = false;
  }

  /** Forgets the tokens from `length` on without waiting (an idle sequence, evicted). */
  evict(length: number): void {
    if (length >= this.#tokens.length) return;
    this.#tokens.length = length;
    this.#cached.length = Math.min(this.#cached.length, length);
    this.#context.rewind(this.#id, length).catch(() => {
      this.#tokens = [];
      this.#cached = [];
    });
  }

  cachedAt(position: number): CachedPosition | undefined {
    return this.#cached[position];
  }

  async evaluate(
    tokens: readonly number[],
    queries: readonly (PositionQuery | undefined)[],
  ): Promise<(PositionStats | undefined)[]> {
    if (tokens.length === 0) return [];
    const start = this.#tokens.length;
    try {
      const stats = await this.#context.evaluate(this.#id, start, tokens, queries);
      this.#tokens.push(...tokens);
      this.#cached.length = Math.min(this.#cached.length, start);
      if (this.#keepStats)
        stats.forEach((position, index) => {
          const query = queries[index];
          // Only targeted queries (echo, score) are worth keeping; the full distribution is not kept.
          if (position && query?.target !== undefined && !query.sample) {
            const { logprobs: _full, ...kept } = position;
            this.#cached[start + index] = { stats: kept, topK: query.topK, target: query.target };
          }
        });
      return stats;
    } catch (error) {
      // A failed decode leaves the sequence's state unknown: forget it entirely.
      this.#tokens = [];
      this.#cached = [];
      await this.#context.rewind(this.#id, 0).catch(() => undefined);
      throw error;
    }
  }

  async truncate(length: number): Promise<void> {
    if (length >= this.#tokens.length) return;
    const from = Math.max(0, length);
    await this.#context.rewind(this.#id, from);
    this.#tokens.length = from;
    this.#cached.length = Math.min(this.#cached.length, from);
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#release(this);
  }
}

/** Default thread count: every available CPU, at most 8 (beyond that decode is memory-bound). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Loads `modelPath` natively with `parallel` sequences of `contextSize` tokens, and warms it up.
 * Cost: mmapping the file (node-llama-cpp holds only the vocabulary), a KV cache of
 * `contextSize * parallel` tokens, the logits of one batch (batchSize * V floats), and one decode
 * of two tokens.
 * Throws when the addon is unavailable or llama.cpp cannot load the file.
 */
export async function createNativeEvaluator(
  modelPath: string,
  options: NativeEvaluatorOptions,
): Promise<Evaluator> {
  const threads = options.threads ?? defaultThreads();
  const batchSize = options.batchSize ?? Math.min(512, options.contextSize);
  const info = nativeInfo();
  let gpuLayers = 0;
  if (options.gpu) {
    const addon = loadNativeAddon();
    if (!addon.available) throw new Error(`native addon unavailable: ${addon.reason}`);
    const devices = addon.addon.loadBackend(options.gpu.library);
    if (devices.length === 0) {
      // node-llama-cpp chose its GPU binary because a driver is installed (Mesa's Vulkan on a
      // machine without a GPU: lavapipe is a CPU-type device, which ggml does not list), but
      // there is no GPU to offload to: the native path computes on the CPU, at --gpu off speed.
      info.gpuUnused = `${basename(options.gpu.library)} registered no GPU device, so the built CPU kernels compute`;
    }
    gpuLayers = devices.length === 0 ? 0 : options.gpu.layers;
    if (gpuLayers !== 0) {
      info.device = options.gpu.type;
      info.gpuLayers = gpuLayers;
      info.gpuDevices = devices.map((device) => device.description || device.name);
    }
  }
  const context = await NativeContext.open(modelPath, {
    contextSize: options.contextSize,
    batchSize,
    threads,
    sequences: options.parallel,
    gpuLayers,
  });
  await warmUp(context);
  const pool = new SequencePool<NativeSequence>([]);
  const budget = Math.max(0, options.promptCacheTokens ?? 0);
  const counters = { hits: 0, misses: 0, reusedTokens: 0, evaluatedTokens: 0 };
  let clock = 0;
  const release = (sequence: NativeSequence) => {
    sequence.releasedAt = ++clock;
    if (budget > 0 && pool.waiting === 0) {
      // Bound the idle sequences' tokens: truncate the returning one to the budget, then clear the
      // least recently used idle ones until the total fits.
      sequence.evict(budget);
      let total = pool.free.reduce((sum, idle) => sum + idle.tokens.length, sequence.tokens.length);
      for (const idle of [...pool.free].sort((a, b) => a.releasedAt - b.releasedAt)) {
        if (total <= budget) break;
        total -= idle.tokens.length;
        idle.evict(0);
      }
    }
    pool.give(sequence);
  };
  for (let id = 0; id < options.parallel; id++)
    pool.give(new NativeSequence(context, id, release, budget > 0));
  const promptCache: EvaluatorPromptCache | undefined =
    budget > 0
      ? {
          async acquire(prompt, signal) {
            const sequence = await pool.take(signal, (free) => {
              let best = 0;
              let bestLength = -1;
              free.forEach((idle, index) => {
                const length = commonPrefixLength(idle.tokens, prompt);
                if (length > bestLength) [best, bestLength] = [index, length];
              });
              return best;
            });
            sequence.reuse();
            return sequence;
          },
          record(reusedTokens, evaluatedTokens) {
            if (reusedTokens > 0) counters.hits++;
            else counters.misses++;
            counters.reusedTokens += reusedTokens;
            counters.evaluatedTokens += evaluatedTokens;
          },
          stats(): PromptCacheStats {
            return {
              budgetTokens: budget,
              retainedTokens: pool.free.reduce((sum, idle) => sum + idle.tokens.length, 0),
              ...counters,
            };
          },
        }
      : undefined;
  const samplesNatively = options.sampling ?? process.env.LOGPROBE_NATIVE_SAMPLING !== "0";
  const evaluator: Evaluator = {
    contextSize: context.info.contextSize,
    vocabularySize: context.info.vocabSize,
    info,
    samplesNatively,
    ...(promptCache ? { promptCache } : {}),
    ...(samplesNatively ? { createGrammar: (gbnf: string) => context.createGrammar(gbnf) } : {}),
    async acquire(signal?: AbortSignal): Promise<EvaluatorSequence> {
      const sequence = await pool.take(signal);
      try {
        await sequence.reset();
      } catch (error) {
        sequence.release();
        throw error;
      }
      return sequence;
    },
    async close(): Promise<void> {
      pool.close();
      await context.close();
    },
  };
  timingsByEvaluator.set(evaluator, context.timings);
  return evaluator;
}

/**
 * The warm-up llama.cpp's tools run at load (common_init_from_params): one decode of BOS and EOS
 * touches every weight once (the mmapped file's pages, first-use buffers and kernels), so that the
 * first request does not pay for it. The sequence is cleared and the timings zeroed afterwards.
 */
async function warmUp(context: NativeContext): Promise<void> {
  // As llama.cpp: BOS and EOS where the model has them (-1 when not), else token 0.
  const present = [context.info.bos, context.info.eos].filter((token) => token >= 0);
  const tokens = present.length > 0 ? present : [0];
  await context.evaluate(0, 0, tokens, [...tokens.slice(1).map(() => undefined), { topK: 0 }]);
  await context.rewind(0, 0);
  Object.assign(context.timings, { decodeMs: 0, reduceMs: 0, decodes: 0, positions: 0, bytesReturned: 0 });
}

/** The CPU kernels' part of an evaluator's info (omitted when the device is a GPU). */
function cpuKernelsInfo(): Pick<EvaluatorInfo, "cpuKernels" | "instructionSets"> {
  const kernels = loadNativeAddon().cpuKernels;
  return {
    cpuKernels: kernels.kind,
    ...(kernels.kind === "openmp" && kernels.instructionSets
      ? { instructionSets: kernels.instructionSets }
      : {}),
  };
}

function nativeInfo(): EvaluatorInfo {
  return { name: "native", device: "cpu", ...cpuKernelsInfo() };
}

/**
 * The default {@link EvaluatorFactory} of `loadModel`: the native evaluator, on the CPU or offloading
 * `gpuLayers` to the GPU node-llama-cpp found (through that variant's ggml backend library, loaded
 * into the addon), or node-llama-cpp's evaluator when the addon is unavailable, when node-llama-cpp
 * runs on a GPU whose backend library is not installed, or when native loading fails. The reason of
 * a fallback is in the evaluator's `info.fallbackReason`, and so in every result's provenance.
 */
export const nativeEvaluatorFactory: EvaluatorFactory = async (input: EvaluatorFactoryInput) => {
  const fallback = async (fallbackReason: string): Promise<Evaluator> => {
    const options = {
      contextSize: input.contextSize,
      parallel: input.parallel,
      ...(input.threads !== undefined ? { threads: input.threads } : {}),
    };
    // node-llama-cpp loaded only the vocabulary: load its weights for the fallback evaluator.
    const model =
      input.weightsLoaded !== false
        ? undefined
        : await input.model.llama.loadModel({ modelPath: input.modelPath });
    const evaluator = await createLlamaEvaluator(model ?? input.model, options);
    const onCpu = evaluator.info.device === "cpu";
    return {
      contextSize: evaluator.contextSize,
      vocabularySize: evaluator.vocabularySize,
      info: { ...evaluator.info, ...(onCpu ? cpuKernelsInfo() : {}), fallbackReason },
      acquire: (signal) => evaluator.acquire(signal),
      async close() {
        await evaluator.close();
        await model?.dispose();
      },
    };
  };
  const addon = loadNativeAddon();
  if (!addon.available) return fallback(addon.reason);
  const gpu = gpuTarget(addon.binsDir, input.model.llama.gpu, input.gpu);
  if (gpu === undefined) {
    return fallback(
      `node-llama-cpp runs on ${input.model.llama.gpu}, and its backend library for the native path is not installed`,
    );
  }
  try {
    const layers = gpu ? await resolveGpuLayers(input.model, input.gpuLayers ?? "auto").catch(() => -1) : 0;
    return await createNativeEvaluator(input.modelPath, {
      contextSize: input.contextSize,
      parallel: input.parallel,
      threads: input.threads ?? input.model.llama.cpuMathCores,
      ...(input.batchSize !== undefined ? { batchSize: input.batchSize } : {}),
      ...(input.promptCacheTokens !== undefined ? { promptCacheTokens: input.promptCacheTokens } : {}),
      ...(gpu ? { gpu: { ...gpu, layers } } : {}),
    });
  } catch (error) {
    return fallback(error instanceof Error ? error.message : String(error));
  }
};

/**
 * The GPU the native path offloads to: node-llama-cpp's choice (`gpu`, its `llama.gpu`) with its
 * variant's backend library, or the library named by LOGPROBE_GPU_BACKEND (unless the caller
 * asked for the CPU: `requested` false); `false` for the CPU only; undefined when node-llama-cpp runs on a GPU whose backend library is missing.
 */
function gpuTarget(
  binsDir: string,
  gpu: string | false,
  requested: "auto" | false = "auto",
): { library: string; type: string } | false | undefined {
  const fromEnv = process.env.LOGPROBE_GPU_BACKEND;
  if (fromEnv && requested !== false) {
    const type = gpuTypeOfLibrary(fromEnv);
    return existsSync(fromEnv) && type !== undefined ? { library: fromEnv, type } : undefined;
  }
  if (gpu === false) return false;
  const library = gpuBackendLibrary(binsDir, gpu);
  return library === undefined ? undefined : { library, type: gpu };
}

/**
 * True when {@link nativeEvaluatorFactory} will try the native path: the addon loads and, when
 * node-llama-cpp runs on a GPU (`gpu` is its `llama.gpu`), that GPU's backend library is there.
 * Loads the addon (once per process).
 */
export function nativePathPossible(gpu: string | false): boolean {
  const addon = loadNativeAddon();
  return addon.available && gpuTarget(addon.binsDir, gpu) !== undefined;
}
