/**
 * `npm run bench [-- --quick]`: logprobe against llama.cpp's own tools on a synthetic model of
 * Qwen2.5-0.5B's shape (F32, vocabulary 151,936), same file, same threads, same text, in one run:
 *   1. scoring throughput and perplexity: logprobe vs llama-perplexity (same windows), on the F32
 *      model and on its F16, Q8_0 and Q4_K_M versions (llama.cpp's quantizer);
 *      then several windows packed into each decode (llama-perplexity -b 2048 -c 512);
 *   2. generation with top-20 logprobs: logprobe vs llama-server (n_probs 20);
 *   3. generation with vs without logprobs (overhead) and time to first token;
 *   4. server throughput with 1, 4 and 8 clients: logprobe serve vs llama-server;
 *   5. peak RSS of every process.
 * Writes bench/results/<name>.json and regenerates BENCHMARKS.md.
 *
 * `--isa=avx2` measures scoring (sections scoring and formats) with both sides built with the
 * AVX2-level instruction sets only: the peers from their own build folder (bench/build-peers.ts)
 * and our workers on a CPU backend rebuilt at that level (bench/isa-build.ts); every scoring pair
 * checks what both sides report (bench/isa-check.ts). Such a run is stored as `only-...` and shown
 * in its own table, never as the default run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { describeCpu } from "../src/engine/runtime-report.js";
import { type BenchContext, benchDir, benchSettings, load, log, root } from "./bench-context.js";
import { findOrBuildPeers } from "./build-peers.js";
import { benchText } from "./corpus.js";
import { prepareLevelKernels } from "./isa-build.js";
import { avx512RegisterUses } from "./isa-check.js";
import { makeSyntheticGguf } from "./make-synthetic-gguf.js";
import { renderReport, storedRuns } from "./report.js";
import { measureFormats } from "./sections/formats.js";
import { measureGeneration } from "./sections/generation.js";
import { measurePackedScoring } from "./sections/packed-scoring.js";
import { measureScoring } from "./sections/scoring.js";
import { measureServer } from "./sections/server.js";

const settings = benchSettings(process.argv);
const quick = settings.quick;
const isa = settings.isa;

/** The groups of instruction sets the install dropped after a failed kernel proof, with why. */
function installedKernelsDropped(): { name: string; options: string[]; reason: string }[] {
  const metaFile = join(root, "native", "build", "addon.json");
  if (!existsSync(metaFile)) return [];
  const meta = JSON.parse(readFileSync(metaFile, "utf8")) as {
    cpuKernels?: { dropped?: { name: string; options: string[]; reason: string }[] };
  };
  return meta.cpuKernels?.dropped ?? [];
}
/** The sections that an instruction-set-level run measures (what its check covers). */
const ISA_SECTIONS = ["scoring", "formats"];
const only =
  process.argv
    .find((a) => a.startsWith("--only="))
    ?.slice(7)
    .split(",") ?? (isa !== undefined ? ISA_SECTIONS : undefined);
if (isa !== undefined && only?.some((section) => !ISA_SECTIONS.includes(section)))
  throw new Error(
    `--isa=${isa} measures the sections ${ISA_SECTIONS.join(" and ")} only (got --only=${only})`,
  );
const want = (section: string) => !only || only.includes(section);

/** The sections in the order they run; `--only=` names them. */
const SECTIONS: [string, (bench: BenchContext) => Promise<Record<string, unknown>>][] = [
  ["scoring", measureScoring],
  ["formats", measureFormats],
  ["packed", measurePackedScoring],
  ["generation", measureGeneration],
  ["server", measureServer],
];

async function main(): Promise<void> {
  const started = new Date();
  const peers = findOrBuildPeers({ isa });
  // Our side of an --isa run: every worker (and anything else this process starts) loads the addon
  // from the level's build folder, so its CPU backend is the one built at that level.
  const levelKernels = isa !== undefined ? prepareLevelKernels({ isa, root, log }) : undefined;
  if (levelKernels) process.env.LOGPROBE_NATIVE_BUILD_DIR = levelKernels.buildDir;
  const modelPath = join(benchDir, "models", `synthetic-${settings.shape}-${settings.type}.gguf`);
  if (!existsSync(modelPath)) {
    log(`writing ${modelPath}`);
    makeSyntheticGguf({ shape: settings.shape, type: settings.type, out: modelPath });
  }
  const textFile = join(benchDir, "models", "bench-text.txt");
  writeFileSync(textFile, benchText(8000));
  // logprobe score evaluates overlapping windows over the whole text: about 1,000 tokens keep it short.
  const shortTextFile = join(benchDir, "models", "bench-text-short.txt");
  writeFileSync(shortTextFile, benchText(2600));
  const results: Record<string, unknown> = {
    takenAt: started.toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cpus: cpus().length,
      memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
      node: process.version,
      loadAverageAtStart: load(),
      cpuFeatures: describeCpu().features,
      // Instruction sets the install's kernel proof dropped here (native/kernel-proof/), if any.
      kernelsDropped: installedKernelsDropped(),
      ...(isa !== undefined ? { isa } : {}),
    },
    model: { path: modelPath, shape: settings.shape, type: settings.type, bytes: statSync(modelPath).size },
    settings,
    peers: { sourceDir: peers.sourceDir, buildDir: peers.buildDir },
    ...(levelKernels ? { isaKernels: isaKernelsRecord(peers.buildDir, levelKernels) } : {}),
  };
  const bench: BenchContext = {
    settings,
    peers,
    modelPath,
    textFile,
    shortTextFile,
    // node-llama-cpp's prebuilt kernels are not of the --isa level: not measured then.
    variant: !quick && isa === undefined,
    variantEnv: { LOGPROBE_NATIVE_CPU: "0" },
    ...(isa !== undefined ? { isa } : {}),
  };
  for (const [name, measure] of SECTIONS) if (want(name)) results[name] = await measure(bench);

  results.finishedAt = new Date().toISOString();
  (results.machine as Record<string, unknown>).loadAverageAtEnd = load();
  // A run of some sections (`--only`, or any `--isa` run) is stored as `only-...` and shown beside
  // the newest full run.
  const kind = quick ? "quick" : only ? "only" : "full";
  const name = `${kind}-${started.toISOString().replace(/[:.]/g, "-")}`;
  mkdirSync(join(benchDir, "results"), { recursive: true });
  const jsonPath = join(benchDir, "results", `${name}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  const fullFiles = readdirSync(join(benchDir, "results"))
    .filter((file) => file.startsWith("full-") && file.endsWith(".json"))
    .sort();
  const shownFile = kind === "full" || fullFiles.length === 0 ? `${name}.json` : fullFiles.at(-1)!;
  const shown =
    shownFile === `${name}.json`
      ? results
      : (JSON.parse(readFileSync(join(benchDir, "results", shownFile), "utf8")) as Record<string, unknown>);
  writeFileSync(
    join(root, "BENCHMARKS.md"),
    renderReport(shown, `bench/results/${shownFile}`, storedRuns(root)),
  );
  log(`wrote ${jsonPath} and BENCHMARKS.md`);
}

/**
 * What both sides of an --isa run were built with: the peers' instruction-set switches (their
 * CMakeCache.txt) and our level build, each with a count of AVX-512 registers in the CPU backend's
 * disassembly; throws when one is not 0 (an AVX-512 instruction was compiled in).
 */
function isaKernelsRecord(peersBuildDir: string, ours: ReturnType<typeof prepareLevelKernels>) {
  const cache = readFileSync(join(peersBuildDir, "CMakeCache.txt"), "utf8");
  const switches = [
    ...cache.matchAll(/^(GGML_(?:SSE42|AVX\w*|BMI2|FMA|F16C|AMX\w*|NATIVE)):BOOL=(\w+)$/gm),
  ].map((m) => `${m[1]}=${m[2]}`);
  const peerLibrary = join(peersBuildDir, "bin", "libggml-cpu.so");
  const uses = { peer: avx512RegisterUses(peerLibrary), ours: avx512RegisterUses(ours.library) };
  for (const [side, count] of Object.entries(uses))
    if (count !== null && count > 0)
      throw new Error(
        `--isa=${ours.isa}: the ${side} CPU backend uses AVX-512 registers in ${count} instructions`,
      );
  return {
    peer: { buildDir: peersBuildDir, switches, avx512RegisterUses: uses.peer },
    ours: {
      buildDir: ours.buildDir,
      library: ours.library,
      instructionSets: ours.instructionSets,
      features: ours.features,
      buildSeconds: ours.seconds,
      avx512RegisterUses: uses.ours,
    },
  };
}

await main();
