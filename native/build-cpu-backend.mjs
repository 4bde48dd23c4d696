// Builds llama.cpp's CPU backend (ggml-cpu) from the source bundled with node-llama-cpp, with
// OpenMP and the instruction sets this machine proves it runs, as a dynamically loaded backend
// linked against node-llama-cpp's own libggml-base.so. The addon registers it before
// node-llama-cpp's prebuilt CPU variant, so llama.cpp computes with it.
//
// Why: node-llama-cpp's prebuilt CPU variants are built without OpenMP; on the 2-core benchmark
// machine the same kernels with OpenMP evaluate about twice as many tokens per second (see
// BENCHMARKS.md). The build takes about 50 s on 2 cores the first time; its CMake tree is cached
// outside the repository, so later installs only relink (well under a second).
//
// Instruction sets: each one listed in /proc/cpuinfo is turned on only after a probe program ran
// it here (probe-cpu-features.mjs). The probe is necessary, not sufficient: an Intel Xeon VM runs
// the probe's AMX instructions and still traps ggml's AMX kernels, so the install then proves the
// built library on real decodes (kernel-proof/) and drops sets until the proof passes. On another
// CPU, ggml scores the backend at load time (cpu-feats.cpp) and refuses it when an instruction set
// is missing, and the engine's run-time guard proves it again first (kernel-guard.ts).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { compileProbe, featureSwitches, probeCpuFeatures } from "./probe-cpu-features.mjs";
import { runLogged } from "./run-logged.mjs";

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

/** Switches that do not depend on the CPU. */
const BASE_SWITCHES = [
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
];

/**
 * The instruction sets this machine proves it runs (see probe-cpu-features.mjs), each as ggml's
 * CMake option with `enabled` and, when off, why. The probe is compiled into `probeDir`.
 *
 * @param {{ probeDir: string, logFile: string, verbose?: boolean }} options
 */
export function provenCpuFeatures({ probeDir, logFile, verbose = false }) {
  const probe = compileProbe({ outDir: probeDir, logFile, verbose });
  return probeCpuFeatures({ cpuinfo: readFileSync("/proc/cpuinfo", "utf8"), probe });
}

/**
 * Builds (or reuses) the CPU backend and links it into `outDir`. All compiler output goes to
 * `logFile`. Returns the library's path and the instruction-set decisions it was built with.
 * Throws with the reason (and the log's last lines) when this machine cannot build it (no CMake,
 * no OpenMP, not x86-64 Linux, a failed compile).
 *
 * @param {{ bins: string, llamaSource: string, cacheRoot: string, outDir: string,
 *   logFile: string, verbose: boolean, log: (message: string) => void,
 *   features?: { option: string, enabled: boolean, reason?: string }[] }} options
 * @returns {{ path: string, features: { option: string, enabled: boolean, reason?: string }[],
 *   buildDir: string }} `buildDir` is the CMake tree (one per source, switches and generator).
 */
export function buildCpuBackend({ bins, llamaSource, cacheRoot, outDir, logFile, verbose, log, features }) {
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(`built on x86-64 Linux only (this is ${process.platform}-${process.arch})`);
  if (!findTool("cmake")) throw new Error("cmake is not installed");
  const base = join(bins, "libggml-base.so");
  if (!existsSync(base)) throw new Error(`no libggml-base.so in ${bins}`);
  const proven = features ?? provenCpuFeatures({ probeDir: join(outDir, "probe"), logFile, verbose });
  const switches = [...BASE_SWITCHES, ...featureSwitches(proven)];
  const ninja = findTool("ninja");
  // One CMake tree per source, switches and generator (a tree cannot change its generator).
  const key = createHash("sha256")
    .update([llamaSource, ninja ? "Ninja" : "default", ...switches].join(" "))
    .digest("hex")
    .slice(0, 12);
  const buildDir = join(cacheRoot, "logprobe", `ggml-cpu-${key}`);
  const started = Date.now();
  if (!existsSync(join(buildDir, "CMakeCache.txt"))) {
    mkdirSync(buildDir, { recursive: true });
    const generator = ninja ? ["-G", "Ninja"] : [];
    runLogged("cmake", ["-S", llamaSource, "-B", buildDir, ...generator, ...switches], { logFile, verbose });
  }
  const cache = readFileSync(join(buildDir, "CMakeCache.txt"), "utf8");
  if (!/^OpenMP_C_FLAGS:STRING=\S/m.test(cache)) throw new Error("the C compiler has no OpenMP");
  const jobs = String(Math.max(1, availableParallelism()));
  runLogged("cmake", ["--build", buildDir, "--target", "ggml-cpu", "--parallel", jobs], { logFile, verbose });
  const objects = ["ggml-cpu.dir", "ggml-cpu-feats.dir"].flatMap((d) => {
    const dir = join(buildDir, "ggml", "src", "CMakeFiles", d);
    return existsSync(dir) ? objectFiles(dir) : [];
  });
  if (!objects.some((o) => o.endsWith("ggml-cpu.c.o"))) throw new Error("ggml-cpu objects not found");
  mkdirSync(outDir, { recursive: true });
  const output = join(outDir, "libggml-cpu-logprobe.so");
  const newestObject = Math.max(...objects.map((o) => statSync(o).mtimeMs));
  // The library is relinked when its objects are newer or come from another CMake tree (the
  // install's downgrade ladder builds several trees into the same output).
  const treeStamp = `${output}.tree`;
  const linkedTree = existsSync(treeStamp) ? readFileSync(treeStamp, "utf8") : "";
  if (!existsSync(output) || statSync(output).mtimeMs < newestObject || linkedTree !== buildDir) {
    // Linked against node-llama-cpp's libggml-base.so (same llama.cpp commit): one ggml in the
    // process. --no-undefined proves every symbol the backend needs is in that library.
    const linkArgs = ["-shared", "-fPIC", "-o", output, ...objects, base];
    linkArgs.push(`-Wl,-rpath,${bins}`, "-Wl,--no-undefined", "-fopenmp");
    runLogged("c++", linkArgs, { logFile, verbose });
    writeFileSync(treeStamp, buildDir);
  }
  log(`CPU backend ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${output}`);
  return { path: output, features: proven, buildDir };
}
