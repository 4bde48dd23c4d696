/**
 * Finds the model file to load: a local path, an `hf:owner/repo[/file.gguf|:quant]` URI or an
 * https URL (downloaded once by node-llama-cpp's `resolveModelFile` into its model cache, with a
 * progress bar), else `LOGPROBE_MODEL`, else {@link DEFAULT_MODEL}.
 */
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { CancelledError, ModelLoadError } from "../core/errors.js";
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
  /** Environment to read `LOGPROBE_MODEL` and `HF_ENDPOINT` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Hugging Face endpoint for `hf:` URIs (default `HF_ENDPOINT`, then https://huggingface.co/). */
  huggingFaceEndpoint?: string;
  /** How long the reachability check of the download host may take (default 10 s). */
  probeTimeoutMs?: number;
  /** Give up a download when no data arrives for this long (default 60 s). */
  stallTimeoutMs?: number;
}

/** Default of `ResolveModelOptions.probeTimeoutMs`. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
/** Default of `ResolveModelOptions.stallTimeoutMs`. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;

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
 * Resolves the model to a local file, downloading a URI or URL the first time it is used (a cached
 * file is found without any network access). Before downloading, the host gets one HEAD request,
 * so that an offline machine fails at once instead of retrying.
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
  const directory = options.cacheDirectory ?? defaultCacheDirectory(env);
  const endpoints = { huggingFace: huggingFaceEndpoint(options, env) };
  const which = origin === "default" ? `the default model ${requested}` : `${requested}${where}`;
  const failure = (reason: string, cause?: unknown) =>
    new ModelLoadError(requested, `could not download ${which}: ${reason}. ${LOCAL_MODEL_HINT}`, { cause });

  // Already downloaded: no network at all.
  try {
    const path = await resolveModelFile(requested, { directory, download: false, cli: false, endpoints });
    return { path, requested, origin };
  } catch {
    // not cached yet
  }
  if (options.signal?.aborted) throw new CancelledError("model download was cancelled");

  // Fail fast when the host cannot be reached (no network, DNS failure, refused connection):
  // node-llama-cpp's downloader would otherwise keep retrying.
  const host = downloadHost(requested, endpoints.huggingFace);
  try {
    const probe = AbortSignal.timeout(options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    await fetch(host, {
      method: "HEAD",
      signal: options.signal ? AbortSignal.any([probe, options.signal]) : probe,
    });
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError("model download was cancelled");
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw failure(`${host} cannot be reached (${reason})`, error);
  }

  // Download, giving up when no byte arrives for a while.
  const stall = new AbortController();
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  let timer = setTimeout(() => stall.abort(), stallMs);
  const onProgress = ({ downloadedSize, totalSize }: { downloadedSize: number; totalSize: number }) => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), stallMs);
    options.onDownloadProgress?.(downloadedSize, totalSize);
  };
  try {
    const path = await resolveModelFile(requested, {
      directory,
      endpoints,
      cli: options.onDownloadProgress === undefined,
      onProgress,
      signal: options.signal ? AbortSignal.any([stall.signal, options.signal]) : stall.signal,
    });
    return { path, requested, origin };
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError("model download was cancelled");
    if (stall.signal.aborted) throw failure(`no data arrived for ${Math.round(stallMs / 1000)} s`, error);
    throw failure(error instanceof Error ? error.message : String(error), error);
  } finally {
    clearTimeout(timer);
  }
}

/** The Hugging Face endpoint: the option, else HF_ENDPOINT / MODEL_ENDPOINT, else huggingface.co. */
function huggingFaceEndpoint(options: ResolveModelOptions, env: Record<string, string | undefined>): string {
  return options.huggingFaceEndpoint ?? env.HF_ENDPOINT ?? env.MODEL_ENDPOINT ?? "https://huggingface.co/";
}

/** The origin a model URI or URL downloads from. */
function downloadHost(model: string, huggingFace: string): string {
  if (/^https?:\/\//i.test(model)) return new URL(model).origin;
  return new URL(huggingFace).origin;
}
