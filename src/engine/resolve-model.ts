/**
 * Finds the model file to load: a local path, an `hf:owner/repo[/file.gguf|:quant]` URI or an
 * https URL (downloaded once by node-llama-cpp's `resolveModelFile` into its model cache, with a
 * progress bar), else `LOGPROBE_MODEL`, else {@link DEFAULT_MODEL}.
 */
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { ModelLoadError } from "../core/errors.js";
import { DEFAULT_MODEL, MODEL_ENVIRONMENT_VARIABLE } from "./default-model.js";

/** Options of {@link resolveModel}. */
export interface ResolveModelOptions {
  /** Path, `hf:` URI or URL; default `process.env.LOGPROBE_MODEL`, then {@link DEFAULT_MODEL}. */
  model?: string;
  /** Directory for downloaded models (default: `~/.cache/logprobe/models`, or `$XDG_CACHE_HOME/logprobe/models`). */
  cacheDirectory?: string;
  /** Called while downloading, with bytes done and total. Replaces the console progress bar. */
  onDownloadProgress?: (downloadedBytes: number, totalBytes: number) => void;
  /** Cancels a download. */
  signal?: AbortSignal;
  /** Environment to read `LOGPROBE_MODEL` from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** What to load: the resolved local file and the name the user gave. */
export interface ResolvedModel {
  /** Absolute path of the local .gguf file. */
  path: string;
  /** The model as given (path, URI or URL), or the default's URI. */
  requested: string;
  /** Where the name came from. */
  origin: "option" | "environment" | "default";
}

/** Help text appended to every error about a model that cannot be found or downloaded. */
export const LOCAL_MODEL_HINT =
  "To use a local model instead, pass a .gguf file: `logprobe --model ./model.gguf ...`, " +
  `set ${MODEL_ENVIRONMENT_VARIABLE}=/path/to/model.gguf, or loadModel({ model: "/path/to/model.gguf" }).`;

/** The default download directory of logprobe's models. */
export function defaultCacheDirectory(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "logprobe", "models");
}

/** True when the string names a remote model (URI or URL) rather than a local file. */
export function isRemoteModel(model: string): boolean {
  return /^(hf:|huggingface:|https?:\/\/)/i.test(model);
}

/**
 * Resolves the model to a local file, downloading a URI or URL the first time it is used.
 * Cost: a file-system check for a path; a download (hundreds of MB for the default) for a new URI.
 *
 * @throws {ModelLoadError} when the file does not exist or the download fails; the message says how
 * to pass a local .gguf instead
 */
export async function resolveModel(options: ResolveModelOptions = {}): Promise<ResolvedModel> {
  const env = options.env ?? process.env;
  const fromEnvironment = env[MODEL_ENVIRONMENT_VARIABLE];
  const origin = options.model ? "option" : fromEnvironment ? "environment" : "default";
  const requested = options.model || fromEnvironment || DEFAULT_MODEL;
  const where = origin === "environment" ? ` (from ${MODEL_ENVIRONMENT_VARIABLE})` : "";

  if (!isRemoteModel(requested)) {
    const path = resolve(requested);
    if (!existsSync(path)) {
      throw new ModelLoadError(requested, `model file not found: ${path}${where}. ${LOCAL_MODEL_HINT}`);
    }
    if (!statSync(path).isFile()) {
      throw new ModelLoadError(requested, `model path is not a file: ${path}${where}. ${LOCAL_MODEL_HINT}`);
    }
    return { path, requested, origin };
  }

  const { resolveModelFile } = await import("node-llama-cpp");
  try {
    const path = await resolveModelFile(requested, {
      directory: options.cacheDirectory ?? defaultCacheDirectory(env),
      cli: options.onDownloadProgress === undefined,
      ...(options.onDownloadProgress
        ? {
            onProgress: ({ downloadedSize, totalSize }: { downloadedSize: number; totalSize: number }) =>
              options.onDownloadProgress?.(downloadedSize, totalSize),
          }
        : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { path, requested, origin };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const which = origin === "default" ? `the default model ${requested}` : `${requested}${where}`;
    throw new ModelLoadError(requested, `could not download ${which}: ${reason}. ${LOCAL_MODEL_HINT}`, {
      cause: error,
    });
  }
}
