// Builds llama.cpp's CPU backend (ggml-cpu) from the source bundled with node-llama-cpp, with
// OpenMP and the instruction sets this machine's CPU reports, as a dynamically loaded backend
// linked against node-llama-cpp's own libggml-base.so. The addon registers it before
// node-llama-cpp's prebuilt CPU variant, so llama.cpp computes with it.
//
// Why: node-llama-cpp's prebuilt CPU variants are built without OpenMP; on the 2-core benchmark
// machine the same kernels with OpenMP evaluate about twice as many tokens per second (see
// BENCHMARKS.md). The build takes about 50 s on 2 cores the first time; its CMake tree is cached
// outside the repository, so later installs only relink (well under a second).
//
// Safe to move: ggml scores the backend at load time against the CPU it runs on (cpu-feats.cpp)
// and refuses it when an instruction set is missing; the engine then uses the prebuilt variant.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";

/** ggml's CMake switches for x86 instruction sets, each with the /proc/cpuinfo flags it needs. */
const X86_FEATURES = [
  ["GGML_SSE42", ["sse4_2"]],
  ["GGML_AVX", ["avx"]],
  ["GGML_AVX2", ["avx2"]],
  ["GGML_BMI2", ["bmi2"]],
  ["GGML_FMA", ["fma"]],
  ["GGML_F16C", ["f16c"]],
  ["GGML_AVX_VNNI", ["avx_vnni"]],
  ["GGML_AVX512", ["avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"]],
  ["GGML_AVX512_VBMI", ["avx512vbmi"]],
  ["GGML_AVX512_VNNI", ["avx512_vnni"]],
  ["GGML_AVX512_BF16", ["avx512_bf16"]],
  ["GGML_AMX_TILE", ["amx_tile"]],
  ["GGML_AMX_INT8", ["amx_int8"]],
  ["GGML_AMX_BF16", ["amx_bf16"]],
];

/** The CMake `-D` switches for this machine's CPU, from the flags line of /proc/cpuinfo. */
export function cpuFeatureSwitches(cpuinfo) {
  const line = cpuinfo.split("\n").find((l) => l.startsWith("flags"));
  if (line === undefined) throw new Error("/proc/cpuinfo has no flags line");
  const flags = new Set(
    line
      .slice(line.indexOf(":") + 1)
      .trim()
      .split(/\s+/),
  );
  return X86_FEATURES.map(
    ([option, needs]) => `-D${option}=${needs.every((flag) => flags.has(flag)) ? "ON" : "OFF"}`,
  );
}

function findTool(name) {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Every object file under `dir` (the CMake target folders of ggml-cpu). */
function objectFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...objectFiles(path));
    else if (entry.name.endsWith(".o")) out.push(path);
  }
  return out;
}

/**
 * Builds (or reuses) the CPU backend and links it into `outDir`. Returns its path. Throws with a
 * one-line reason when this machine cannot build it (no CMake, no OpenMP, not x86-64 Linux).
 *
 * @param {{ bins: string, llamaSource: string, cacheRoot: string,
 *   outDir: string, verbose: boolean, log: (message: string) => void }} options
 */
export function buildCpuBackend({ bins, llamaSource, cacheRoot, outDir, verbose, log }) {
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(`built on x86-64 Linux only (this is ${process.platform}-${process.arch})`);
  if (!findTool("cmake")) throw new Error("cmake is not installed");
  const base = join(bins, "libggml-base.so");
  if (!existsSync(base)) throw new Error(`no libggml-base.so in ${bins}`);
  const switches = [
    "-DCMAKE_BUILD_TYPE=Release",
    "-DBUILD_SHARED_LIBS=ON",
    "-DGGML_BACKEND_DL=ON",
    "-DGGML_NATIVE=OFF",
    "-DGGML_OPENMP=ON",
    "-DGGML_LLAMAFILE=ON",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    "-DLLAMA_BUILD_TOOLS=OFF",
    "-DLLAMA_BUILD_SERVER=OFF",
    "-DLLAMA_CURL=OFF",
    ...cpuFeatureSwitches(readFileSync("/proc/cpuinfo", "utf8")),
  ];
  const ninja = findTool("ninja");
  // One CMake tree per source, switches and generator (a tree cannot change its generator).
  const key = createHash("sha256")
    .update([llamaSource, ninja ? "Ninja" : "default", ...switches].join(" "))
    .digest("hex")
    .slice(0, 12);
  const buildDir = join(cacheRoot, "logprobe", `ggml-cpu-${key}`);
  const stdio = verbose ? "inherit" : "pipe";
  const started = Date.now();
  if (!existsSync(join(buildDir, "CMakeCache.txt"))) {
    mkdirSync(buildDir, { recursive: true });
    const configured = execFileSync(
      "cmake",
      ["-S", llamaSource, "-B", buildDir, ...(ninja ? ["-G", "Ninja"] : []), ...switches],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    if (verbose) console.log(configured);
  }
  const cache = readFileSync(join(buildDir, "CMakeCache.txt"), "utf8");
  if (!/^OpenMP_C_FLAGS:STRING=\S/m.test(cache)) throw new Error("the C compiler has no OpenMP");
  const jobs = String(Math.max(1, availableParallelism()));
  execFileSync("cmake", ["--build", buildDir, "--target", "ggml-cpu", "--parallel", jobs], { stdio });
  const objects = ["ggml-cpu.dir", "ggml-cpu-feats.dir"].flatMap((d) => {
    const dir = join(buildDir, "ggml", "src", "CMakeFiles", d);
    return existsSync(dir) ? objectFiles(dir) : [];
  });
  if (!objects.some((o) => o.endsWith("ggml-cpu.c.o"))) throw new Error("ggml-cpu objects not found");
  mkdirSync(outDir, { recursive: true });
  const output = join(outDir, "libggml-cpu-logprobe.so");
  const newestObject = Math.max(...objects.map((o) => statSync(o).mtimeMs));
  if (!existsSync(output) || statSync(output).mtimeMs < newestObject) {
    // Linked against node-llama-cpp's libggml-base.so (same llama.cpp commit): one ggml in the
    // process. --no-undefined proves every symbol the backend needs is in that library.
    execFileSync(
      "c++",
      [
        "-shared",
        "-fPIC",
        "-o",
        output,
        ...objects,
        base,
        `-Wl,-rpath,${bins}`,
        "-Wl,--no-undefined",
        "-fopenmp",
      ],
      { stdio },
    );
  }
  log(`CPU backend ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${output}`);
  return output;
}
