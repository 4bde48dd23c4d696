/**
 * Locates or builds the llama.cpp peers (llama-perplexity, llama-server) from the llama.cpp source
 * that node-llama-cpp bundles (node_modules/node-llama-cpp/llama/gitRelease.bundle), in a cache
 * folder outside the repository: $LOGPROBE_PEERS_DIR, else ~/.cache/logprobe-peers/llama.cpp.
 * An existing build there is reused while its instruction sets are the wanted ones (recorded in
 * logprobe-switches.txt beside it). Building takes ~10 minutes on 2 cores. Its instruction sets
 * are those our own CPU kernels were proven with at install (native/kernel-proof/), so both sides
 * of a benchmark run the same SIMD paths and neither uses one the machine traps. With an instruction-set level
 * (`--isa=avx2`) the same source is built into its own folder beside it (llama.cpp-avx2) with every
 * switch above that level off (native/restrict-isa-level.mjs).
 *
 * Usage: tsx bench/build-peers.ts [--isa=avx2]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type CpuFeatureDecision, provenCpuFeatures } from "../native/build-cpu-backend.mjs";
import { featureSwitches } from "../native/probe-cpu-features.mjs";
import { restrictToLevel } from "../native/restrict-isa-level.mjs";

/**
 * The instruction-set decisions our installed CPU kernels were proven with (native/build/addon.json
 * `cpuKernels.features`, after any downgrade); the probe's alone when the install recorded none.
 */
export function provenInstructionSets(buildDir: string): CpuFeatureDecision[] {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const metaFile = join(root, "native", "build", "addon.json");
  const meta = existsSync(metaFile)
    ? (JSON.parse(readFileSync(metaFile, "utf8")) as {
        cpuKernels?: { kind?: string; features?: CpuFeatureDecision[] };
      })
    : undefined;
  const recorded = meta?.cpuKernels;
  if (recorded?.kind === "openmp" && recorded.features) return recorded.features;
  const probeDir = join(buildDir, "cpu-probe");
  mkdirSync(probeDir, { recursive: true });
  const probed = provenCpuFeatures({ probeDir, logFile: join(probeDir, "probe.log") });
  // Kernels that failed their proof everywhere: the peers keep the probe's sets below AVX-512.
  return recorded?.kind === "prebuilt" && recorded.features ? restrictToLevel(probed, "avx2") : probed;
}

/** Paths of the peer programs. */
export interface Peers {
  sourceDir: string;
  /** The CMake build folder (its bin/ holds the programs). */
  buildDir: string;
  perplexity: string;
  server: string;
}

const TARGETS = ["llama-perplexity", "llama-server"];

/** The peers' source folder. */
export function peersSourceDir(): string {
  return process.env.LOGPROBE_PEERS_DIR ?? join(homedir(), ".cache", "logprobe-peers", "llama.cpp");
}

/** The build folder: build/ in the source, or <source>-<isa> beside it for a level's build. */
export function peersBuildDir(sourceDir: string, isa?: string): string {
  return isa === undefined ? join(sourceDir, "build") : `${sourceDir}-${isa}`;
}

function located(sourceDir: string, buildDir: string): Peers | undefined {
  const bin = join(buildDir, "bin");
  const peers = {
    sourceDir,
    buildDir,
    perplexity: join(bin, "llama-perplexity"),
    server: join(bin, "llama-server"),
  };
  return existsSync(peers.perplexity) && existsSync(peers.server) ? peers : undefined;
}

/**
 * Returns the peers, building them first when they are missing (`build: false` only locates);
 * `isa` ("avx2") selects the build with the instruction sets of that level only.
 */
export function findOrBuildPeers(options: { build?: boolean; isa?: string | undefined } = {}): Peers {
  const { build = true, isa } = options;
  const sourceDir = peersSourceDir();
  const buildDir = peersBuildDir(sourceDir, isa);
  const proven = provenInstructionSets(buildDir);
  const switches = featureSwitches(isa === undefined ? proven : restrictToLevel(proven, isa));
  const stamp = join(buildDir, "logprobe-switches.txt");
  const found = located(sourceDir, buildDir);
  const sameSwitches = existsSync(stamp) && readFileSync(stamp, "utf8") === switches.join(" ");
  if (found && (sameSwitches || !build)) return found;
  if (!build)
    throw new Error(
      `llama.cpp peers not found under ${buildDir}; run: npx tsx bench/build-peers.ts${isa ? ` --isa=${isa}` : ""}`,
    );
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const bundle = join(root, "node_modules", "node-llama-cpp", "llama", "gitRelease.bundle");
  if (!existsSync(join(sourceDir, "CMakeLists.txt"))) {
    mkdirSync(dirname(sourceDir), { recursive: true });
    execFileSync("git", ["clone", "--quiet", bundle, sourceDir], { stdio: "inherit" });
  }
  // Offline configuration: without the UI flags the build tries to download the web UI. The
  // instruction sets are the ones our CPU kernels were proven with at install (the probe, then the
  // kernel proof and its downgrades: native/kernel-proof/), not -march=native: a VM can list AMX
  // and trap ggml's AMX kernels, and a peer built with them dies on quantized models. With `isa`,
  // only those of that level.
  execFileSync(
    "cmake",
    [
      "-S",
      sourceDir,
      "-B",
      buildDir,
      "-DCMAKE_BUILD_TYPE=Release",
      "-DLLAMA_CURL=OFF",
      "-DLLAMA_USE_PREBUILT_UI=OFF",
      "-DLLAMA_BUILD_UI=OFF",
      "-DLLAMA_OPENSSL=OFF",
      "-DLLAMA_BUILD_TESTS=OFF",
      "-DGGML_NATIVE=OFF",
      ...switches,
    ],
    { cwd: sourceDir, stdio: "inherit" },
  );
  execFileSync("cmake", ["--build", buildDir, "-j2", "--target", ...TARGETS], {
    cwd: sourceDir,
    stdio: "inherit",
  });
  writeFileSync(stamp, switches.join(" "));
  const built = located(sourceDir, buildDir);
  if (!built) throw new Error(`building the peers under ${buildDir} did not produce ${TARGETS.join(", ")}`);
  return built;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const isa = process.argv.find((a) => a.startsWith("--isa="))?.slice(6);
  const peers = findOrBuildPeers({ isa });
  console.log(JSON.stringify(peers, null, 2));
}
