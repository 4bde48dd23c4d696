/**
 * {@link collectRuntimeReport}: what logprobe computes with on this machine — Node and platform,
 * the CPU and its instruction sets, node-llama-cpp's binary variants and which one its automatic
 * choice takes (and why), the native addon and its CPU kernels (OpenMP built at install or
 * node-llama-cpp's prebuilt ones, with the install log), the GPU devices found and the model
 * cache folder. `logprobe doctor` prints it; users paste it into bug reports.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CpuKernelsStatus, loadNativeAddon } from "./native/native-addon.js";
import { defaultCacheDirectory } from "./resolve-model.js";

/** /proc/cpuinfo flags that decide which kernels run (x86 SIMD and AMX). */
const RELEVANT_CPU_FLAGS =
  /^(sse4_2|avx|avx2|fma|f16c|bmi2|avx_vnni|avx512\w*|amx_\w+|neon|asimd\w*|sve\w*|dotprod|i8mm)$/;

/** The machine and what runs on it. */
export interface RuntimeReport {
  node: string;
  platform: string;
  arch: string;
  cpu: {
    model: string;
    logicalCores: number;
    /** Instruction-set flags that matter to llama.cpp, as /proc/cpuinfo lists them (Linux). */
    features: string[];
  };
  nodeLlamaCpp: {
    version: string;
    /** node-llama-cpp's prebuilt binary packages installed here (e.g. linux-x64, linux-x64-cuda). */
    installedVariants: string[];
    /** GPU types whose drivers node-llama-cpp finds on this machine. */
    supportedGpuTypes: string[];
    /** The binary its automatic choice (`--gpu auto`) loads: "cpu", "cuda", "vulkan" or "metal". */
    autoChoice: string;
    /** Why: what `--gpu auto` means here. */
    why: string;
    /** GPU device names of the automatic choice (empty on the CPU). */
    gpuDevices: string[];
    /** The error when the automatic choice could not load. */
    error?: string;
  };
  addon: {
    available: boolean;
    /** Why it is not used, when it is not. */
    reason?: string;
    path?: string;
  };
  cpuKernels: CpuKernelsStatus;
  /** Where downloaded models go. */
  modelCache: string;
}

function readCpuinfo(): string {
  try {
    return readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return "";
  }
}

/** CPU model name and relevant flags (from /proc/cpuinfo on Linux, `os.cpus()` elsewhere). */
export function describeCpu(cpuinfo: string = readCpuinfo()): RuntimeReport["cpu"] {
  const field = (name: string) =>
    cpuinfo
      .split("\n")
      .find((line) => line.startsWith(name))
      ?.split(":")
      .slice(1)
      .join(":")
      .trim();
  const flags = (field("flags") ?? field("Features") ?? "")
    .split(/\s+/)
    .filter((f) => RELEVANT_CPU_FLAGS.test(f));
  return {
    model: field("model name") ?? cpus()[0]?.model ?? "unknown",
    logicalCores: cpus().length,
    features: flags,
  };
}

/** node_modules/node-llama-cpp's folder, found from this module (src or dist). */
function nodeLlamaCppDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "node_modules", "node-llama-cpp");
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function installedVariants(nlcDir: string | undefined): { version: string; variants: string[] } {
  if (nlcDir === undefined) return { version: "not installed", variants: [] };
  const version = (JSON.parse(readFileSync(join(nlcDir, "package.json"), "utf8")) as { version: string })
    .version;
  const scope = join(dirname(nlcDir), "@node-llama-cpp");
  const prefix = `${platform()}-${arch()}`;
  const variants = existsSync(scope) ? readdirSync(scope).filter((name) => name.startsWith(prefix)) : [];
  return { version, variants };
}

async function nodeLlamaCppReport(): Promise<RuntimeReport["nodeLlamaCpp"]> {
  const { version, variants } = installedVariants(nodeLlamaCppDir());
  const { getLlama, getLlamaGpuTypes, LlamaLogLevel } = await import("node-llama-cpp");
  const supported = (await getLlamaGpuTypes("supported")).filter((type) => type !== false).map(String);
  const why =
    supported.length === 0
      ? "no GPU driver found, so --gpu auto runs on the CPU"
      : `--gpu auto takes the first GPU type that loads (${supported.join(", ")} found here); --gpu off forces the CPU`;
  const base = { version, installedVariants: variants, supportedGpuTypes: supported, why };
  try {
    const llama = await getLlama({
      gpu: "auto",
      build: "never",
      logLevel: LlamaLogLevel.error,
      progressLogs: false,
    });
    const gpuDevices = llama.gpu === false ? [] : await llama.getGpuDeviceNames();
    // A GPU binary chosen without a GPU device (Mesa's Vulkan driver on a machine without a GPU):
    // the native path computes on the CPU with the built kernels (native-evaluator.ts).
    const autoChoice =
      llama.gpu === false
        ? "cpu"
        : gpuDevices.length === 0
          ? `cpu (node-llama-cpp loads its ${llama.gpu} binary, but no ${llama.gpu} GPU device is there; the native path computes on the CPU with the built kernels)`
          : llama.gpu;
    return { ...base, autoChoice, gpuDevices };
  } catch (error) {
    return {
      ...base,
      autoChoice: "none",
      gpuDevices: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Collects the {@link RuntimeReport}. Cost: loads the addon and node-llama-cpp's automatic
 * binary (about a second; more where a GPU driver initialises).
 */
export async function collectRuntimeReport(): Promise<RuntimeReport> {
  // The addon first: it registers the OpenMP CPU kernels before node-llama-cpp's own.
  const addon = loadNativeAddon();
  const nodeLlamaCpp = await nodeLlamaCppReport();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpu: describeCpu(),
    nodeLlamaCpp,
    addon: addon.available
      ? { available: true, path: addon.path }
      : { available: false, reason: addon.reason },
    cpuKernels: addon.cpuKernels,
    modelCache: defaultCacheDirectory(),
  };
}
