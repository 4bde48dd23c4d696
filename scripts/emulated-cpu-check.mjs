#!/usr/bin/env node
// The CPUs we lack, under emulation (Debian's qemu-user: `qemu-x86_64 -cpu MODEL` runs a Linux
// program on an emulated CPU model; /proc/cpuinfo still shows the host's flags). For each model it
// does what the install and a user would on such a machine:
//   1. the instruction-set probe (native/cpu-probe) under emulation: what the install would enable;
//   2. builds the CPU kernels with those sets (natively: the compiler's output does not depend on
//      the CPU it runs on);
//   3. the kernel proof under emulation: the built kernels against node-llama-cpp's prebuilt ones
//      (ggml picks the prebuilt variant by the emulated CPU's cpuid: haswell, sse42, ...);
//   4. a stories260K score with the CLI under emulation on those kernels, compared with the same
//      score natively on the kernels installed here.
// Usage: node scripts/emulated-cpu-check.mjs [--cpu Haswell,Nehalem] [--types F32,Q8_0,...]
//        [--json FILE]. Needs qemu-user, the installed addon and ../shared/models/stories260K.gguf.
// Exit code 0 when every model's proof passed, the score ran on its built kernels, and the scores
// agree within SCORE_TOLERANCE_NATS. test/native/emulated-cpus.test.ts runs a reduced form in CI.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCpuBackend } from "../native/build-cpu-backend.mjs";
import { cpuIdentity } from "../native/kernel-proof/cpu-identity.cjs";
import { enabledOptions } from "../native/kernel-proof/downgrade-ladder.mjs";
import { PROOF_TYPES, proofModels, proveCpuKernels } from "../native/kernel-proof/prove-cpu-kernels.mjs";
import { compileProbe, probeCpuFeatures } from "../native/probe-cpu-features.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/**
 * Scores of stories260K under emulation against the native score (nats): the same ggml code at
 * another SIMD width sums in another order. Measured: see docs/cpu-kernels.md.
 */
export const SCORE_TOLERANCE_NATS = 1e-3;
const TEXT = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";

function cacheRoot() {
  return process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
}

function installed() {
  const meta = JSON.parse(readFileSync(join(root, "native", "build", "addon.json"), "utf8"));
  return { meta, addon: join(root, "native", "build", "Release", "logprobe_native.node") };
}

/** The probe's decisions when it runs on emulated `cpu` (a wrapper script runs it under qemu). */
export function emulatedFeatures(cpu, workDir, logFile) {
  const probe = compileProbe({ outDir: join(workDir, "probe"), logFile });
  const wrapper = join(workDir, "probe", `cpu-probe-${cpu}`);
  writeFileSync(wrapper, `#!/bin/sh\ncd /tmp && ulimit -c 0 && exec qemu-x86_64 -cpu ${cpu} ${probe} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return probeCpuFeatures({ cpuinfo: readFileSync("/proc/cpuinfo", "utf8"), probe: wrapper });
}

/** Scores TEXT with the CLI (`emulator` prefix, `buildDir` of the addon to use); returns its JSON. */
function score(model, { emulator = [], env = {} } = {}) {
  const args = [
    join(root, "bin", "logprobe.js"),
    "score",
    "-",
    "--json",
    "--model",
    model,
    "--gpu",
    "off",
    "--threads",
    "2",
  ];
  const [command, ...prefix] = emulator.length > 0 ? emulator : [process.execPath];
  const node = emulator.length > 0 ? [process.execPath] : [];
  const run = spawnSync(command, [...prefix, ...node, ...args], {
    input: TEXT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
    cwd: "/tmp",
  });
  if (run.status !== 0)
    throw new Error(
      `score failed (${run.signal ?? `exit ${run.status}`}): ${(run.stderr ?? "").slice(-500)}`,
    );
  return JSON.parse(run.stdout);
}

/** A build folder naming `cpuBackend`, for LOGPROBE_NATIVE_BUILD_DIR, with its proof recorded. */
function buildFolder(dir, { meta, addon }, cpuBackend, features, proof) {
  mkdirSync(join(dir, "Release"), { recursive: true });
  const linked = join(dir, "Release", "logprobe_native.node");
  if (!existsSync(linked)) symlinkSync(addon, linked);
  const instructionSets = enabledOptions(features).map((option) => option.replace(/^GGML_/, ""));
  const record = {
    ...meta,
    cpuBackend,
    cpuKernels: {
      kind: "openmp",
      path: cpuBackend,
      instructionSets,
      features,
      // Proven under emulation; /proc/cpuinfo and the kernel there are this host's.
      proof: { cpu: cpuIdentity(), passed: proof.passed, tolerance: proof.tolerance, types: proof.types },
    },
  };
  writeFileSync(join(dir, "addon.json"), `${JSON.stringify(record, null, 2)}\n`);
  return dir;
}

/**
 * The check for one emulated CPU model. `types` limits the proof's weight types (all by default).
 * Returns what each step found.
 */
export function checkEmulatedCpu(cpu, { types = PROOF_TYPES, model, workRoot }) {
  const started = Date.now();
  const workDir = join(workRoot, cpu);
  mkdirSync(workDir, { recursive: true });
  const logFile = join(workDir, "build.log");
  const install = installed();
  const emulator = ["qemu-x86_64", "-cpu", cpu];
  const features = emulatedFeatures(cpu, workDir, logFile);
  const built = buildCpuBackend({
    bins: install.meta.binsDir,
    llamaSource: install.meta.llamaSource,
    cacheRoot: cacheRoot(),
    outDir: join(workDir, "cpu"),
    logFile,
    verbose: false,
    log: () => {},
    features,
  });
  const proofDir = join(cacheRoot(), "logprobe", "kernel-proof");
  const all = proofModels({ addon: install.addon, bins: install.meta.binsDir, workDir: proofDir });
  const models = new Map([...all].filter(([type]) => types.includes(type)));
  const proof = proveCpuKernels({
    addon: install.addon,
    bins: install.meta.binsDir,
    cpuBackend: built.path,
    options: enabledOptions(features),
    workDir: proofDir,
    emulator,
    reference: undefined,
    models,
  });
  const buildDir = buildFolder(join(workDir, "build"), install, built.path, features, proof);
  const emulated = score(model, { emulator, env: { LOGPROBE_NATIVE_BUILD_DIR: buildDir } });
  const native = score(model);
  const gaps = emulated.tokens.map((token, i) =>
    Math.abs(token.logprob - (native.tokens[i]?.logprob ?? Number.NaN)),
  );
  const scoreGap =
    emulated.tokens.length === native.tokens.length ? Math.max(...gaps) : Number.POSITIVE_INFINITY;
  return {
    cpu,
    instructionSets: enabledOptions(features).map((option) => option.replace(/^GGML_/, "")),
    proof: { passed: proof.passed, failure: proof.failure, types: proof.types },
    score: {
      evaluator: emulated.summary.evaluator,
      perplexity: emulated.summary.perplexity,
      nativePerplexity: native.summary.perplexity,
      largestGapNats: scoreGap,
    },
    passed:
      proof.passed &&
      emulated.summary.evaluator.cpuKernels === "openmp" &&
      !Number.isNaN(scoreGap) &&
      scoreGap <= SCORE_TOLERANCE_NATS,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cpus = (option("cpu") ?? "Haswell,Nehalem").split(",");
  const types = option("types")?.split(",") ?? PROOF_TYPES;
  const model = resolve(root, "..", "shared", "models", "stories260K.gguf");
  const workRoot = join(cacheRoot(), "logprobe", "emulated-cpus");
  const results = cpus.map((cpu) => {
    const result = checkEmulatedCpu(cpu, { types, model, workRoot });
    const gaps = result.proof.types.map((t) => `${t.type} ${t.gapNats ?? t.failure}`).join(", ");
    console.log(
      `${cpu}: ${result.passed ? "passed" : "FAILED"} in ${result.seconds} s; kernels ${result.instructionSets.join(", ") || "baseline x86-64"}; proof ${result.proof.passed ? "passed" : result.proof.failure} (${gaps}); score on ${result.score.evaluator.cpuKernels} kernels, perplexity ${result.score.perplexity.toFixed(4)} (native ${result.score.nativePerplexity.toFixed(4)}), largest gap ${result.score.largestGapNats.toExponential(2)} nats`,
    );
    return result;
  });
  const json = option("json");
  if (json) writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  process.exit(results.every((r) => r.passed) ? 0 : 1);
}
