/**
 * {@link loadModel}: resolves (and if needed downloads) a GGUF model, loads its vocabulary with
 * node-llama-cpp and its weights in the native addon (or, on the fallback path, both in
 * node-llama-cpp), and returns an {@link EngineModel}. Native code is imported only when this
 * function runs.
 */
import { basename } from "node:path";
import type { Llama, LlamaModel } from "node-llama-cpp";
import { z } from "zod";
import { CancelledError, InvalidInputError, LogprobeError, ModelLoadError } from "../core/errors.js";
import { EngineModel } from "./engine-model.js";
import type { EngineRuntime } from "./engine-runtime.js";
import type { EvaluatorFactory, EvaluatorFactoryInput } from "./evaluator.js";
import { vocabularySizeOf } from "./llama-evaluator.js";
import type { GpuLayers } from "./native/gpu-backend.js";
import { registerNativeBackendsFirst } from "./native/native-addon.js";
import { nativeEvaluatorFactory, nativePathPossible } from "./native/native-evaluator.js";
import { parseRequest } from "./request-schemas.js";
import { resolveModel } from "./resolve-model.js";
import { createTokenBytes } from "./token-bytes.js";
import { createTextTokenizer } from "./tokenizer-thread.js";

/** Largest `topLogprobs` a request may ask for unless raised with `maxTopLogprobs`. */
export const DEFAULT_MAX_TOP_LOGPROBS = 20;
/** Context size used when none is given: the model's training context, at most this. */
export const DEFAULT_CONTEXT_SIZE_CAP = 4096;
/** Largest `parallel` accepted. */
export const MAX_PARALLEL = 64;

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Local .gguf path, `hf:owner/repo[/file.gguf|:quant]` URI or URL; default `LOGPROBE_MODEL`, then `DEFAULT_MODEL`. */
  model?: string;
  /** Context size per sequence in tokens (default: the model's training context, at most 4096). */
  contextSize?: number;
  /** CPU threads (default: node-llama-cpp's choice). */
  threads?: number;
  /** "auto" uses a GPU when node-llama-cpp finds one, false forces the CPU. Default "auto". */
  gpu?: "auto" | false;
  /**
   * Layers offloaded to the GPU: a count, "max" (all) or "auto" (node-llama-cpp's choice for the
   * free GPU memory, the default).
   */
  gpuLayers?: GpuLayers;
  /**
   * Tokens per decode on the native path, shared by the sequences served at once (default
   * min(512, contextSize)). Larger batches pack more sequences into one decode, which a GPU
   * needs to be busy; each token of a batch holds a vocabulary-sized row of logits on the host.
   */
  batchSize?: number;
  /** Requests served at once, each on its own context sequence; more wait their turn. Default 1. */
  parallel?: number;
  /**
   * Token budget of the prompt cache on the native path: idle sequences keep the tokens of their
   * last request (at most this many in all), and a request whose prompt shares a prefix with one
   * evaluates only the rest (see prompt-cache.ts). Default 0: off.
   */
  promptCacheTokens?: number;
  /** Largest `topLogprobs` accepted per request: default 20, at most the vocabulary size. */
  maxTopLogprobs?: number;
  /** Download progress (bytes done, total); replaces the console progress bar. */
  onDownloadProgress?: (downloadedBytes: number, totalBytes: number) => void;
  /** Cancels downloading or loading (rejects with CancelledError). */
  signal?: AbortSignal;
  /** Directory for downloaded models (default `~/.cache/logprobe/models`). */
  cacheDirectory?: string;
  /**
   * Evaluator to use instead of the default (the native path, `nativeEvaluatorFactory`, which falls
   * back to node-llama-cpp's); e.g. `createLlamaEvaluator` to compare the two.
   */
  evaluator?: EvaluatorFactory;
}

const integer = (field: string, min: number, max: number) => {
  const message = `${field} must be an integer from ${min} to ${max}`;
  return z
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
};

const loadModelOptionsSchema = z
  .object({
    model: z
      .string({ error: "model must be a path, hf: URI or URL" })
      .min(1, { error: "model must not be empty" })
      .optional(),
    contextSize: integer("contextSize", 16, 1_048_576).optional(),
    threads: integer("threads", 1, 1024).optional(),
    gpu: z.union([z.literal("auto"), z.literal(false)], { error: 'gpu must be "auto" or false' }).optional(),
    gpuLayers: z
      .union([z.literal("auto"), z.literal("max"), integer("gpuLayers", 0, 100_000)], {
        error: 'gpuLayers must be "auto", "max" or an integer from 0 to 100000',
      })
      .optional(),
    parallel: integer("parallel", 1, MAX_PARALLEL).optional(),
    batchSize: integer("batchSize", 16, 65_536).optional(),
    promptCacheTokens: integer("promptCacheTokens", 0, 1_073_741_824).optional(),
    maxTopLogprobs: integer("maxTopLogprobs", 0, 10_000_000).optional(),
    onDownloadProgress: z
      .custom<(done: number, total: number) => void>((value) => typeof value === "function", {
        error: "onDownloadProgress must be a function",
      })
      .optional(),
    signal: z
      .custom<AbortSignal>((value) => value instanceof AbortSignal, {
        error: "signal must be an AbortSignal",
      })
      .optional(),
    cacheDirectory: z.string({ error: "cacheDirectory must be a string" }).optional(),
    evaluator: z
      .custom<EvaluatorFactory>((value) => typeof value === "function", {
        error: "evaluator must be a function",
      })
      .optional(),
  })
  .strict();

const llamas = new Map<string, Promise<Llama>>();

/** One node-llama-cpp runtime per GPU setting, shared by every model of the process. */
async function llamaFor(gpu: "auto" | false): Promise<Llama> {
  const key = String(gpu);
  let llama = llamas.get(key);
  if (!llama) {
    registerNativeBackendsFirst();
    llama = import("node-llama-cpp").then(({ getLlama, LlamaLogLevel }) =>
      // build "never": use node-llama-cpp's prebuilt binaries only; building llama.cpp from source
      // at run time needs the network and minutes, and logprobe works offline.
      getLlama({ gpu, build: "never", logLevel: LlamaLogLevel.error, progressLogs: false }),
    );
    llama.catch(() => llamas.delete(key));
    llamas.set(key, llama);
  }
  return llama;
}

/**
 * Loads a model and returns it as a {@link EngineModel} (a `LogprobModel`).
 * Cost: loading native code (about a second, once per process), resolving the model (a download
 * the first time a URI is used), mmapping the file, and a KV cache of `contextSize * parallel`.
 *
 * @throws {InvalidInputError} naming the option when an option is out of range
 * @throws {ModelLoadError} when the model cannot be found, downloaded or loaded (with a hint on
 * passing a local .gguf)
 * @throws {CancelledError} when `signal` aborts
 */
export async function loadModel(options: LoadModelOptions = {}): Promise<EngineModel> {
  const parsed = parseRequest(loadModelOptionsSchema, options);
  const resolved = await resolveModel({
    ...(parsed.model !== undefined ? { model: parsed.model } : {}),
    ...(parsed.cacheDirectory !== undefined ? { cacheDirectory: parsed.cacheDirectory } : {}),
    ...(parsed.onDownloadProgress ? { onDownloadProgress: parsed.onDownloadProgress } : {}),
    ...(parsed.signal ? { signal: parsed.signal } : {}),
  });
  if (parsed.signal?.aborted) throw new CancelledError("model loading was cancelled");
  const gpu = parsed.gpu ?? "auto";
  let model: LlamaModel;
  let vocabOnly = false;
  try {
    const llama = await llamaFor(gpu);
    // The native path maps the weights itself: node-llama-cpp then needs only the vocabulary
    // (mapping the file twice would count the weights twice in RSS).
    vocabOnly = parsed.evaluator === undefined && nativePathPossible(llama.gpu);
    model = await llama.loadModel({
      modelPath: resolved.path,
      ...(vocabOnly ? { vocabOnly: true } : {}),
      ...(gpu === false ? { gpuLayers: 0 } : {}),
      ...(parsed.signal ? { loadSignal: parsed.signal } : {}),
    });
  } catch (error) {
    if (parsed.signal?.aborted) throw new CancelledError("model loading was cancelled");
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelLoadError(resolved.requested, `could not load ${resolved.path}: ${reason}`, {
      cause: error,
    });
  }
  try {
    const vocabularySize = vocabularySizeOf(model);
    const maxTopLogprobs = parsed.maxTopLogprobs ?? Math.min(DEFAULT_MAX_TOP_LOGPROBS, vocabularySize);
    if (maxTopLogprobs > vocabularySize) {
      throw new InvalidInputError(
        "maxTopLogprobs",
        `maxTopLogprobs must be an integer from 0 to ${vocabularySize} (the vocabulary size)`,
        `0 to ${vocabularySize}`,
      );
    }
    // A vocabulary-only load (the native path) reports a train context of 0: read it from the
    // GGUF metadata then, so the default context is the same on both paths.
    const trainContextSize =
      model.trainContextSize || model.fileInsights.trainContextSize || DEFAULT_CONTEXT_SIZE_CAP;
    const contextSize = parsed.contextSize ?? Math.min(trainContextSize, DEFAULT_CONTEXT_SIZE_CAP);
    const parallel = parsed.parallel ?? 1;
    const factoryInput: EvaluatorFactoryInput = {
      model,
      modelPath: resolved.path,
      contextSize,
      parallel,
      gpu,
      weightsLoaded: !vocabOnly,
      ...(parsed.gpuLayers !== undefined ? { gpuLayers: parsed.gpuLayers } : {}),
      ...(parsed.batchSize !== undefined ? { batchSize: parsed.batchSize } : {}),
      ...(parsed.threads !== undefined ? { threads: parsed.threads } : {}),
      ...(parsed.promptCacheTokens !== undefined ? { promptCacheTokens: parsed.promptCacheTokens } : {}),
    };
    // Default: the native path (src/engine/native), on the CPU or the GPU node-llama-cpp found. It
    // falls back to createLlamaEvaluator when the addon is unavailable or disabled
    // (LOGPROBE_NATIVE=0), when node-llama-cpp runs on a GPU whose backend library is missing, or
    // when native loading fails.
    const evaluator = await (parsed.evaluator ?? nativeEvaluatorFactory)(factoryInput);
    const runtime: EngineRuntime = {
      id: basename(resolved.path),
      model,
      evaluator,
      bytesOf: createTokenBytes(model),
      limits: { vocabularySize, contextSize: evaluator.contextSize, maxTopLogprobs },
      parallel,
      tokenizer: createTextTokenizer(model, resolved.path),
    };
    return new EngineModel(runtime, resolved.path, async () => {
      await runtime.tokenizer.close();
      await evaluator.close();
      await model.dispose();
    });
  } catch (error) {
    await model.dispose();
    if (error instanceof LogprobeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelLoadError(resolved.requested, `could not prepare ${resolved.path}: ${reason}`, {
      cause: error,
    });
  }
}
