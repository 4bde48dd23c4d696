/**
 * Our side of an instruction-set-level run (`bench/run.ts --isa=avx2`): a build folder for the
 * addon, selected with LOGPROBE_NATIVE_BUILD_DIR, that loads the installed logprobe_native.node
 * with llama.cpp's CPU backend rebuilt with that level's instruction sets only
 * (native/restrict-isa-level.mjs), by the same builder as the install (native/build-cpu-backend.mjs).
 * It lives in ~/.cache/logprobe-bench/<isa>/; the CMake tree there is reused, so a later run only
 * checks that nothing changed (the first build took 44 s on the 2-core AMD EPYC).
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { buildCpuBackend, type CpuFeatureDecision, provenCpuFeatures } from "../native/build-cpu-backend.mjs";
import { restrictToLevel } from "../native/restrict-isa-level.mjs";

/** The addon folder for one level and what its CPU kernels were built with. */
export interface LevelKernels {
  isa: string;
  /** The folder to give LOGPROBE_NATIVE_BUILD_DIR (addon.json, Release/logprobe_native.node). */
  buildDir: string;
  /** The CPU backend library. */
  library: string;
  instructionSets: string[];
  features: CpuFeatureDecision[];
  /** Seconds the build (or the check that nothing changed) took. */
  seconds: number;
  log: string;
}

/**
 * Builds (or reuses) the `isa`-level CPU kernels for the addon installed in `root`/native/build
 * and writes their build folder; throws when the install has no addon.
 */
export function prepareLevelKernels(options: {
  isa: string;
  root: string;
  cacheDir?: string;
  log: (message: string) => void;
}): LevelKernels {
  const { isa, root, log } = options;
  const dir = options.cacheDir ?? join(homedir(), ".cache", "logprobe-bench", isa);
  const installed = join(root, "native", "build");
  const addon = join(installed, "Release", "logprobe_native.node");
  if (!existsSync(join(installed, "addon.json")) || !existsSync(addon))
    throw new Error(`--isa=${isa} needs the installed native addon (${installed}); run npm ci`);
  const meta = JSON.parse(readFileSync(join(installed, "addon.json"), "utf8")) as {
    binsDir: string;
    llamaSource: string;
  };
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, "build.log");
  const started = Date.now();
  const proven = provenCpuFeatures({ probeDir: join(dir, "probe"), logFile });
  const features = restrictToLevel(proven, isa);
  const built = buildCpuBackend({
    bins: meta.binsDir,
    llamaSource: meta.llamaSource,
    cacheRoot: dir,
    outDir: join(dir, "cpu"),
    logFile,
    verbose: false,
    log,
    features,
  });
  const seconds = (Date.now() - started) / 1000;
  const instructionSets = features.filter((f) => f.enabled).map((f) => f.option.replace(/^GGML_/, ""));
  const buildDir = join(dir, "build");
  mkdirSync(join(buildDir, "Release"), { recursive: true });
  const link = join(buildDir, "Release", "logprobe_native.node");
  rmSync(link, { force: true });
  symlinkSync(realpathSync(addon), link);
  const cpuKernels = { kind: "openmp", path: built.path, instructionSets, features, log: logFile };
  writeFileSync(
    join(buildDir, "addon.json"),
    `${JSON.stringify({ ...meta, cpuKernels, cpuBackend: built.path, isa }, null, 2)}\n`,
  );
  return { isa, buildDir, library: built.path, instructionSets, features, seconds, log: logFile };
}
