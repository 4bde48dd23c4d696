/**
 * Locates or builds the llama.cpp peers (llama-perplexity, llama-server) from the llama.cpp source
 * that node-llama-cpp bundles (node_modules/node-llama-cpp/llama/gitRelease.bundle), in a cache
 * folder outside the repository: $LOGPROBE_PEERS_DIR, else ~/.cache/logprobe-peers/llama.cpp.
 * An existing build there is reused. Building takes ~10 minutes on 2 cores. Its instruction sets
 * are those our own CPU kernels get (native/probe-cpu-features.mjs), so both sides of a benchmark
 * run the same SIMD paths and neither uses one the machine traps.
 *
 * Usage: tsx bench/build-peers.ts
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { provenCpuFeatures } from "../native/build-cpu-backend.mjs";
import { featureSwitches } from "../native/probe-cpu-features.mjs";

/** Paths of the peer programs. */
export interface Peers {
  sourceDir: string;
  perplexity: string;
  server: string;
}

const TARGETS = ["llama-perplexity", "llama-server"];

/** The peers' source folder. */
export function peersSourceDir(): string {
  return process.env.LOGPROBE_PEERS_DIR ?? join(homedir(), ".cache", "logprobe-peers", "llama.cpp");
}

function located(sourceDir: string): Peers | undefined {
  const bin = join(sourceDir, "build", "bin");
  const peers = { sourceDir, perplexity: join(bin, "llama-perplexity"), server: join(bin, "llama-server") };
  return existsSync(peers.perplexity) && existsSync(peers.server) ? peers : undefined;
}

/** Returns the peers, building them first when they are missing (`build: false` only locates). */
export function findOrBuildPeers(options: { build: boolean } = { build: true }): Peers {
  const sourceDir = peersSourceDir();
  const found = located(sourceDir);
  if (found) return found;
  if (!options.build)
    throw new Error(`llama.cpp peers not found under ${sourceDir}; run: npx tsx bench/build-peers.ts`);
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const bundle = join(root, "node_modules", "node-llama-cpp", "llama", "gitRelease.bundle");
  if (!existsSync(join(sourceDir, "CMakeLists.txt"))) {
    mkdirSync(dirname(sourceDir), { recursive: true });
    execFileSync("git", ["clone", "--quiet", bundle, sourceDir], { stdio: "inherit" });
  }
  // Offline configuration: without the UI flags the build tries to download the web UI. The
  // instruction sets are the ones proven to run here (as for our CPU kernels), not -march=native:
  // a VM can list AMX and trap it, and a peer built with it dies on quantized models.
  const probeDir = join(sourceDir, "build", "cpu-probe");
  mkdirSync(probeDir, { recursive: true });
  const features = provenCpuFeatures({ probeDir, logFile: join(probeDir, "probe.log") });
  execFileSync(
    "cmake",
    [
      "-B",
      "build",
      "-DCMAKE_BUILD_TYPE=Release",
      "-DLLAMA_CURL=OFF",
      "-DLLAMA_USE_PREBUILT_UI=OFF",
      "-DLLAMA_BUILD_UI=OFF",
      "-DLLAMA_OPENSSL=OFF",
      "-DLLAMA_BUILD_TESTS=OFF",
      "-DGGML_NATIVE=OFF",
      ...featureSwitches(features),
    ],
    { cwd: sourceDir, stdio: "inherit" },
  );
  execFileSync("cmake", ["--build", "build", "-j2", "--target", ...TARGETS], {
    cwd: sourceDir,
    stdio: "inherit",
  });
  const built = located(sourceDir);
  if (!built) throw new Error(`building the peers under ${sourceDir} did not produce ${TARGETS.join(", ")}`);
  return built;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const peers = findOrBuildPeers();
  console.log(JSON.stringify(peers, null, 2));
}
