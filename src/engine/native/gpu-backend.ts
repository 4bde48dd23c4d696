/**
 * The native path on a GPU: which ggml backend library to register in the addon for the binary
 * variant node-llama-cpp chose (`llama.gpu`: "cuda", "vulkan", "metal"), and how many layers to
 * offload. node-llama-cpp ships every variant of the same llama.cpp commit side by side
 * (`@node-llama-cpp/linux-x64-vulkan/bins/linux-x64-vulkan/libggml-vulkan.so`, ...); the addon,
 * linked against the CPU variant's libllama, loads that backend into its own ggml registry after
 * node-llama-cpp has initialised (a GPU backend beside node-llama-cpp's CPU binaries would make
 * it reject them). `LOGPROBE_GPU_BACKEND=/path/libggml-cuda.so` names another build of the same
 * commit (for example CUDA built from the bundled source where node-llama-cpp's CUDA binaries are
 * not installed).
 */
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { LlamaModel } from "node-llama-cpp";

/** Layers to offload: a count, "max" (every layer) or "auto" (what node-llama-cpp would choose). */
export type GpuLayers = number | "auto" | "max";

/**
 * The backend library of variant `gpu`, found beside the CPU variant's folder `binsDir`
 * (`.../@node-llama-cpp/linux-x64/bins/linux-x64`), or `LOGPROBE_GPU_BACKEND`. Undefined when
 * it is not installed.
 */
export function gpuBackendLibrary(binsDir: string, gpu: string): string | undefined {
  const fromEnv = process.env.LOGPROBE_GPU_BACKEND;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const variant = `${basename(binsDir)}-${gpu}`;
  const packages = dirname(dirname(dirname(binsDir)));
  const library = join(packages, variant, "bins", variant, `libggml-${gpu}.so`);
  return existsSync(library) ? library : undefined;
}

/** The GPU type a `LOGPROBE_GPU_BACKEND` library provides, from its file name (libggml-cuda.so). */
export function gpuTypeOfLibrary(path: string): string | undefined {
  return /libggml-(cuda|vulkan|metal|hip|sycl)\.(so|dylib|dll)$/.exec(basename(path))?.[1];
}

/**
 * Layers to offload for `requested`. "auto" asks node-llama-cpp's resolver with the GPU's free
 * memory (as `llama.loadModel` does by default); "max" offloads every layer (-1 for the addon).
 */
export async function resolveGpuLayers(model: LlamaModel, requested: GpuLayers): Promise<number> {
  if (requested === "max") return -1;
  if (typeof requested === "number") return requested;
  const llama = model.llama;
  if (llama.gpu === false) return -1;
  const resolved = await model.fileInsights.configurationResolver.resolveModelGpuLayersV2("auto", {
    getVramState: () => llama.getVramState(),
    llamaGpu: llama.gpu,
    llamaSupportsGpuOffloading: llama.supportsGpuOffloading,
  });
  return resolved.gpuLayers;
}
