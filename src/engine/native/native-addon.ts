/**
 * Finds and loads logprobe's native addon (built by `native/build.mjs` at install time) and
 * describes its raw interface. Nothing native is loaded until {@link loadNativeAddon} runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { guardBuiltKernels, type KernelProofPrograms, type KernelProofRecord } from "./kernel-guard.js";

/** Options of `NativeSession.load`. */
export interface NativeLoadOptions {
  /** Tokens per sequence. */
  contextSize: number;
  /** Tokens per llama_decode call. */
  batchSize: number;
  /** Physical batch (default: batchSize). */
  ubatchSize?: number;
  /** CPU threads for generation and for reducing logits. */
  threads: number;
  /** CPU threads for batches (default: threads). */
  threadsBatch?: number;
  /** Independent sequences in the context. */
  sequences: number;
  /** Layers offloaded to registered GPU devices (-1 = all; default 0). */
  gpuLayers?: number;
}

/** What `NativeSession.load` reports. */
export interface NativeModelInfo {
  vocabSize: number;
  /** Tokens per sequence. */
  contextSize: number;
  trainContextSize: number;
  batchSize: number;
  bos: number;
  eos: number;
  addBos: boolean;
}

/** One native decode: one entry per token in every array. */
export interface NativeDecodeRequest {
  tokens: Int32Array;
  seqIds: Int32Array;
  positions: Int32Array;
  /** 1 = reduce the next-token distribution after this token. */
  outputs: Uint8Array;
  /** Token whose logprob and rank are wanted at that position; -1 for none. */
  targets: Int32Array;
  /** 1 = also return the raw logits row (vocabSize floats). */
  full: Uint8Array;
  /** Alternatives per output position, >= 1 (the first is the argmax). */
  topK: number;
  /** One entry per token: a sampling step to run at that output position, or undefined. */
  samples?: (NativeSampleSpec | undefined)[];
}

/** A native sampling step (see `SampleQuery`); absent settings are disabled. */
export interface NativeSampleSpec {
  seed: number;
  draws: number;
  temperature: number;
  topK?: number;
  topP?: number;
  minP?: number;
  typicalP?: number;
  repeatPenalty?: number;
  penalized?: Int32Array;
  /** A grammar from `NativeSession.createGrammar`: checked first, masked on rejection. */
  grammar?: NativeGrammar;
  /** Processed numbers after the grammar's mask (see `SampleQuery.reportAfterGrammar`). */
  reportAfterGrammar?: boolean;
}

/** A parsed GBNF grammar's state for one generation (llama.cpp's grammar sampler). */
export interface NativeGrammar {
  /** Whether the grammar allows `id` next. One grammar check. */
  allows(id: number): boolean;
  /** Advances past `id`; throws when the grammar does not allow it. */
  accept(id: number): void;
}

/** Sampled tokens, one entry per output position (meaningful where a sample was asked). */
export interface NativeSampleResult {
  /** Chosen id; -1 when no candidate had a finite score, -2 when the grammar allowed none. */
  id: Int32Array;
  rawLogprob: Float64Array;
  rawRank: Int32Array;
  /** Logprob under the processed distribution. */
  logprob: Float64Array;
  /** Entropy of the processed distribution. */
  entropy: Float64Array;
  rank: Int32Array;
  /** `count * topK` ids of the processed top (ties: lower id), -1 past its end. */
  topIds: Int32Array;
  topLogprobs: Float64Array;
}

/** Results in the order of the positions with `outputs = 1` (`count` of them). */
export interface NativeDecodeResult {
  count: number;
  /** ln(sum(exp(logits))) per output position. */
  logSumExp: Float64Array;
  /** Target logprob (nats), NaN without a target. */
  targetLogprob: Float64Array;
  /** Exact entropy of the full distribution (nats). */
  entropy: Float64Array;
  /** 1-based rank of the target, 0 without a target. */
  rank: Int32Array;
  /** `count * topK` ids, most probable first per position (ties: lower id). */
  topIds: Int32Array;
  /** `count * topK` logprobs (nats) matching `topIds`. */
  topLogprobs: Float32Array;
  /** vocabSize raw logits per position with `full = 1`, in order. */
  fullLogits: Float32Array;
  /** Present when the request sampled at some position. */
  sampled?: NativeSampleResult;
  /** Milliseconds in llama_decode. */
  decodeMs: number;
  /** Milliseconds reducing logits. */
  reduceMs: number;
}

/** A llama.cpp model and context owned by the addon. One call at a time. */
export interface NativeSession {
  load(path: string, options: NativeLoadOptions): Promise<NativeModelInfo>;
  decode(request: NativeDecodeRequest): Promise<NativeDecodeResult>;
  /** Removes the tokens of `sequence` from position `from` on; false when llama.cpp cannot. */
  rewind(sequence: number, from: number): boolean;
  /**
   * Parses `gbnf` (start rule `root`) for the loaded model's vocabulary on a worker thread;
   * rejects with llama.cpp's reason in one short line when it does not parse.
   */
  createGrammar(gbnf: string): Promise<NativeGrammar>;
  close(): void;
}

/** The addon's exports. */
export interface NativeAddon {
  /**
   * Registers llama.cpp's backends once per process: `cpuBackend` (a CPU backend built on this
   * machine) first when given and no CPU backend is registered yet, then node-llama-cpp's
   * libraries in `binsDir`. Returns the CPU backend path it loaded, or null.
   */
  init(binsDir: string, cpuBackend?: string): { devices: number; cpu: boolean; cpuBackend: string | null };
  Session: new () => NativeSession;
  /**
   * llama.cpp's quantizer (llama_model_quantize, as the llama-quantize tool runs it): writes
   * `output` as `type` ("F16", "Q8_0", "Q4_K_M", ...). Off the JavaScript thread.
   */
  quantize(input: string, output: string, type: string, threads?: number): Promise<void>;
  /** Registers a GPU backend library (once per path); returns the GPU devices then known. */
  loadBackend(path: string): { name: string; description: string }[];
}

/** The CPU kernels llama.cpp computes with in this process, as the install recorded them. */
export interface CpuKernelsStatus {
  /** "openmp": built on this machine at install; "prebuilt": node-llama-cpp's own. */
  kind: "openmp" | "prebuilt";
  /** Path of the OpenMP kernels' library. */
  path?: string;
  /** Instruction sets the OpenMP kernels were built with (ggml's names). */
  instructionSets?: string[];
  /** Each instruction set the install considered, and why one was left off. */
  features?: { option: string; enabled: boolean; reason?: string }[];
  /** Why the OpenMP kernels are not in use. */
  reason?: string;
  /** The install log (build output of the addon and the kernels). */
  log?: string;
  /** The proof of the built kernels at install: the CPU it ran on, the verdict per weight type. */
  proof?: KernelProofRecord;
  /** Instruction sets the install dropped after a failed proof, and the failure. */
  dropped?: { name: string; options: string[]; reason: string }[];
  /** Who proved the kernels in use for this CPU: the install, or the run-time guard here. */
  provenBy?: "install" | "here";
}

/** Outcome of {@link loadNativeAddon}. */
export type NativeAddonStatus =
  | {
      available: true;
      addon: NativeAddon;
      binsDir: string;
      path: string;
      /** The locally built CPU backend in use, or null for node-llama-cpp's prebuilt one. */
      cpuBackend: string | null;
      cpuKernels: CpuKernelsStatus;
    }
  | { available: false; reason: string; cpuKernels: CpuKernelsStatus };

let cached: NativeAddonStatus | undefined;

/**
 * The folder holding native/build/addon.json, searched upwards from this module (src or dist), or
 * LOGPROBE_NATIVE_BUILD_DIR (an addon built elsewhere with `node native/build.mjs --out DIR`).
 */
function findBuildDir(): string | undefined {
  const fromEnv = process.env.LOGPROBE_NATIVE_BUILD_DIR;
  if (fromEnv) return existsSync(join(fromEnv, "addon.json")) ? fromEnv : undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "native", "build");
    if (existsSync(join(candidate, "addon.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * Loads the addon once per process and initialises llama.cpp's backends from the folder of
 * node-llama-cpp's libraries it was linked against. Never throws: when the addon is missing,
 * disabled (`LOGPROBE_NATIVE=0`) or fails to load, returns `available: false` with the reason.
 */
export function loadNativeAddon(): NativeAddonStatus {
  if (cached) return cached;
  cached = loadUncached();
  return cached;
}

/** The install's record of the CPU kernels (native/build/addon.json), when there is one. */
function recordedKernels(meta: { cpuKernels?: unknown }): CpuKernelsStatus | undefined {
  const recorded = meta.cpuKernels as CpuKernelsStatus | undefined;
  return recorded && (recorded.kind === "openmp" || recorded.kind === "prebuilt") ? recorded : undefined;
}

/** Without the addon, node-llama-cpp registers its own prebuilt CPU kernels. */
function unavailable(reason: string, recorded?: CpuKernelsStatus): NativeAddonStatus {
  const kernelsReason =
    recorded?.kind === "prebuilt" && recorded.reason
      ? recorded.reason
      : `the native addon is not loaded (${reason})`;
  return { available: false, reason, cpuKernels: { ...recorded, kind: "prebuilt", reason: kernelsReason } };
}

/**
 * What the process computes with, given the install's record, what init() registered and, when
 * the run-time guard kept the built kernels out, why.
 */
function kernelsInUse(
  recorded: CpuKernelsStatus | undefined,
  registered: string | null,
  guard: { use: boolean; provenBy?: "install" | "here"; reason?: string } | undefined,
): CpuKernelsStatus {
  const base = recorded ?? { kind: "prebuilt" as const, reason: "the install recorded no CPU kernels" };
  if (registered !== null)
    return {
      ...base,
      kind: "openmp",
      path: registered,
      ...(guard?.provenBy ? { provenBy: guard.provenBy } : {}),
    };
  if (base.kind === "prebuilt") return base;
  const reason =
    process.env.LOGPROBE_NATIVE_CPU === "0"
      ? "LOGPROBE_NATIVE_CPU=0"
      : base.path !== undefined && !existsSync(base.path)
        ? `the OpenMP kernels are gone (${base.path}); reinstall`
        : guard !== undefined && !guard.use
          ? (guard.reason ?? "the built kernels failed their proof on this CPU")
          : "ggml refused the OpenMP kernels on this CPU";
  return { ...base, kind: "prebuilt", reason };
}

function loadUncached(): NativeAddonStatus {
  if (process.env.LOGPROBE_NATIVE === "0") return unavailable("disabled by LOGPROBE_NATIVE=0");
  const buildDir = findBuildDir();
  if (!buildDir) return unavailable("the native addon was not built (run `node native/build.mjs`)");
  let recorded: CpuKernelsStatus | undefined;
  try {
    const meta = JSON.parse(readFileSync(join(buildDir, "addon.json"), "utf8")) as {
      binsDir?: unknown;
      cpuBackend?: unknown;
      cpuKernels?: unknown;
      kernelProof?: KernelProofPrograms;
    };
    recorded = recordedKernels(meta);
    if (typeof meta.binsDir !== "string" || !existsSync(meta.binsDir)) {
      return unavailable(
        "the llama.cpp libraries the addon was built against are gone (rebuild it)",
        recorded,
      );
    }
    const path = join(buildDir, "Release", "logprobe_native.node");
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    const built =
      process.env.LOGPROBE_NATIVE_CPU !== "0" &&
      typeof meta.cpuBackend === "string" &&
      existsSync(meta.cpuBackend)
        ? meta.cpuBackend
        : undefined;
    // Built kernels are loaded only once proven on this CPU (kernel-guard.ts).
    const guard =
      built === undefined
        ? undefined
        : guardBuiltKernels({
            record: recorded?.proof,
            programs: meta.kernelProof,
            addon: path,
            bins: meta.binsDir,
            cpuBackend: built,
            options: (recorded?.instructionSets ?? []).map((set) => `GGML_${set}`),
          });
    const cpuBackend = guard?.use ? built : undefined;
    const init = addon.init(meta.binsDir, cpuBackend);
    return {
      available: true,
      addon,
      binsDir: meta.binsDir,
      path,
      cpuBackend: init.cpuBackend,
      cpuKernels: kernelsInUse(recorded, init.cpuBackend, guard),
    };
  } catch (error) {
    return unavailable(error instanceof Error ? error.message : String(error), recorded);
  }
}

/**
 * The first step of loading a model: the addon registers llama.cpp's backends, the CPU kernels
 * built on this machine (when there are some) first, before node-llama-cpp registers its
 * prebuilt variant; llama.cpp computes with the first CPU backend registered. Returns the CPU
 * kernels then in use. Call it before node-llama-cpp's `getLlama`.
 */
export function registerNativeBackendsFirst(): CpuKernelsStatus {
  return loadNativeAddon().cpuKernels;
}
