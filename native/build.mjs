#!/usr/bin/env node
// Builds logprobe's native addon (native/build/Release/logprobe_native.node) against the llama.cpp
// libraries that node-llama-cpp ships, with headers from the llama.cpp source bundled in
// node-llama-cpp (cloned once into a cache folder outside the repository). Runs from the package's
// `install` script, so `npm ci` in a clone builds it, and so does installing the published package
// or a packed tarball (npm >= 11 runs it once the user allows logprobe's scripts). Any failure prints one warning line and
// exits 0: the engine then uses the plain node-llama-cpp path.
//
// All compiler output goes to one install log under the cache folder
// ($XDG_CACHE_HOME/logprobe/native-install.log), never to a memory buffer; a failure prints its
// reason, the log's path and its last lines. What was built, with which instruction sets, and
// why something was not, is recorded in native/build/addon.json (`cpuKernels`), which
// `logprobe doctor` and the engine's provenance read.
//
// Environment: LOGPROBE_SKIP_NATIVE=1 skips the build; LOGPROBE_LLAMA_SRC=<dir> uses an existing
// llama.cpp source tree for headers; LOGPROBE_NATIVE_VERBOSE=1 shows the compiler output;
// LOGPROBE_LLAMA_LIB_DIR=<dir> links a llama.cpp build of the same version instead of
// node-llama-cpp's prebuilt libraries (its bin folder: libllama.so, libggml.so, libggml-base.so and
// a CPU backend); `--out <dir>` builds into another folder (select it at run time with
// LOGPROBE_NATIVE_BUILD_DIR=<dir>/build). After the addon it builds llama.cpp's CPU backend with
// OpenMP (build-cpu-backend.mjs; needs cmake and a C++ compiler, about 50 s the first time) and
// proves it on the work it will do (kernel-proof/: every weight type, in child processes, against
// node-llama-cpp's prebuilt kernels); a build that fails its proof is rebuilt without the suspect
// instruction sets (kernel-proof/downgrade-ladder.mjs). LOGPROBE_NATIVE_CPU=0 skips all that, and
// any failure there keeps node-llama-cpp's prebuilt one.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCpuBackend, provenCpuFeatures } from "./build-cpu-backend.mjs";
import { cachedProof, verdictFile } from "./kernel-proof/cached-proof.mjs";
import { cpuIdentity } from "./kernel-proof/cpu-identity.cjs";
import { climbDownLadder, enabledOptions } from "./kernel-proof/downgrade-ladder.mjs";
import { PROOF_TOLERANCE_NATS, PROOF_VERSION, proveCpuKernels } from "./kernel-proof/prove-cpu-kernels.mjs";
import { runLogged } from "./run-logged.mjs";

const nativeDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(nativeDir, "..");
const verbose = process.env.LOGPROBE_NATIVE_VERBOSE === "1";

function log(message) {
  if (verbose) console.log(`[logprobe native] ${message}`);
}

/** The folder of an installed package, found from its main entry (packages may hide package.json). */
function packageDir(require, name) {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`package ${name} is not installed (dependencies missing: run \`npm ci\` in ${root})`);
}

/** The folder holding node-llama-cpp's prebuilt llama.cpp libraries for this platform. */
function findBinsDir() {
  const nlcDir = packageDir(createRequire(join(root, "package.json")), "node-llama-cpp");
  const name = `${process.platform}-${process.arch}`;
  const pkg = packageDir(createRequire(join(nlcDir, "package.json")), `@node-llama-cpp/${name}`);
  const bins = join(pkg, "bins", name);
  if (!existsSync(bins)) throw new Error(`no prebuilt llama.cpp folder at ${bins}`);
  return { bins, nlcDir };
}

function pickLibrary(bins, pattern) {
  const file = readdirSync(bins).find((f) => pattern.test(f));
  if (file === undefined) throw new Error(`no library matching ${pattern} in ${bins}`);
  return file;
}

/** The user's cache folder (XDG_CACHE_HOME or ~/.cache): the source clone and CPU backend build. */
function cacheRoot() {
  return process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
}

/** The install log: every command's output, newest install only. */
function installLogFile() {
  const dir = join(cacheRoot(), "logprobe");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "native-install.log");
  writeFileSync(file, `logprobe native install, ${new Date().toISOString()}\n`);
  return file;
}

/** A llama.cpp source tree with include/llama.h at the version of node-llama-cpp's binaries. */
function findLlamaSource(nlcDir, logFile) {
  const fromEnv = process.env.LOGPROBE_LLAMA_SRC;
  if (fromEnv !== undefined && existsSync(join(fromEnv, "include", "llama.h"))) return fromEnv;
  const bundle = join(nlcDir, "llama", "gitRelease.bundle");
  if (!existsSync(bundle)) throw new Error(`node-llama-cpp has no llama.cpp source bundle at ${bundle}`);
  const heads = execFileSync("git", ["bundle", "list-heads", bundle], { encoding: "utf8" });
  const version = (heads.split(/\s/)[0] ?? "unknown").slice(0, 12);
  const dir = join(cacheRoot(), "logprobe", `llama.cpp-${version}`);
  if (!existsSync(join(dir, "include", "llama.h"))) {
    log(`cloning ${bundle} into ${dir}`);
    mkdirSync(dirname(dir), { recursive: true });
    runLogged("git", ["clone", "--quiet", bundle, dir], { logFile, verbose });
  }
  return dir;
}

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      "..",
      "lib",
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
    join(root, "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  const found = candidates.find((c) => c !== undefined && c !== "" && existsSync(c));
  if (found === undefined) throw new Error("node-gyp not found (it ships with npm)");
  return found;
}

function newestMtime(paths) {
  return Math.max(...paths.map((p) => statSync(p).mtimeMs));
}

function main(logFile) {
  if (process.env.LOGPROBE_SKIP_NATIVE === "1") return;
  if (process.platform !== "linux")
    throw new Error(`the native addon is built on Linux only (this is ${process.platform})`);
  const found = findBinsDir();
  const nlcDir = found.nlcDir;
  const bins = process.env.LOGPROBE_LLAMA_LIB_DIR ?? found.bins;
  const outIndex = process.argv.indexOf("--out");
  const workDir = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? "") : nativeDir;
  if (workDir !== nativeDir) {
    mkdirSync(workDir, { recursive: true });
    cpSync(join(nativeDir, "binding.gyp"), join(workDir, "binding.gyp"));
    cpSync(join(nativeDir, "src"), join(workDir, "src"), { recursive: true });
  }
  const libllama = pickLibrary(bins, /^libllama(\.v[\d.]+)?\.so$/);
  const libggml = pickLibrary(bins, /^libggml(\.v[\d.]+)?\.so$/);
  const output = join(workDir, "build", "Release", "logprobe_native.node");
  const sources = [join(nativeDir, "binding.gyp"), join(nativeDir, "build.mjs"), join(bins, libllama)];
  for (const f of readdirSync(join(nativeDir, "src"))) sources.push(join(nativeDir, "src", f));
  const metaFile = join(workDir, "build", "addon.json");
  let meta;
  if (existsSync(output) && existsSync(metaFile) && statSync(output).mtimeMs > newestMtime(sources)) {
    log("addon up to date");
    meta = JSON.parse(readFileSync(metaFile, "utf8"));
  } else {
    const llamaSrc = findLlamaSource(nlcDir, logFile);
    const nodeGyp = findNodeGyp();
    const prefix = resolve(dirname(process.execPath), "..");
    const nodedir = existsSync(join(prefix, "include", "node", "node.h")) ? [`--nodedir=${prefix}`] : [];
    const started = Date.now();
    runLogged(process.execPath, [nodeGyp, "rebuild", ...nodedir, "--jobs=2"], {
      logFile,
      verbose,
      cwd: workDir,
      env: {
        ...process.env,
        LOGPROBE_LLAMA_SRC: llamaSrc,
        LOGPROBE_LLAMA_BINS: bins,
        LOGPROBE_LIBLLAMA: libllama,
        LOGPROBE_LIBGGML: libggml,
      },
    });
    meta = { binsDir: bins, llamaSource: llamaSrc, libllama, builtAt: new Date().toISOString() };
    log(`addon built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  meta.cpuKernels = cpuKernels({ meta, output, bins, workDir, logFile });
  // What the engine's run-time guard runs when the addon loads on another CPU.
  meta.kernelProof = {
    identity: join(nativeDir, "kernel-proof", "cpu-identity.cjs"),
    script: join(nativeDir, "kernel-proof", "prove-on-this-cpu.mjs"),
  };
  delete meta.cpuBackend;
  if (meta.cpuKernels.kind === "openmp") meta.cpuBackend = meta.cpuKernels.path;
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  console.log(`logprobe: native addon ready; ${describeKernels(meta.cpuKernels)}`);
}

/**
 * Builds the OpenMP CPU backend, proves it on the work it will do (kernel-proof/), and says what
 * the engine will compute with: `kind` "openmp" (our build, with `instructionSets` and the
 * `proof`) or "prebuilt" (node-llama-cpp's, with `reason`). A build whose proof fails (a signal,
 * or logprobs that disagree with the prebuilt kernels) is rebuilt without the suspect instruction
 * sets (kernel-proof/downgrade-ladder.mjs); `dropped` says which and why. `features` lists every
 * instruction set considered and why one was left off; `log` is the install log.
 */
function cpuKernels({ meta, output, bins, workDir, logFile }) {
  // With LOGPROBE_LLAMA_LIB_DIR the libraries are the caller's own build: its CPU backend stays.
  if (process.env.LOGPROBE_LLAMA_LIB_DIR !== undefined)
    return { kind: "prebuilt", reason: "LOGPROBE_LLAMA_LIB_DIR names another llama.cpp build", log: logFile };
  if (process.env.LOGPROBE_NATIVE_CPU === "0")
    return { kind: "prebuilt", reason: "LOGPROBE_NATIVE_CPU=0 at install", log: logFile };
  let features;
  try {
    const identity = cpuIdentity();
    const outDir = join(workDir, "build", "cpu");
    const probed = provenCpuFeatures({ probeDir: join(outDir, "probe"), logFile, verbose });
    const proofDir = join(cacheRoot(), "logprobe", "kernel-proof");
    let reference;
    const buildDirs = new Map();
    const ladder = climbDownLadder({
      features: probed,
      build: (decisions) => {
        const built = buildCpuBackend({
          bins,
          llamaSource: meta.llamaSource,
          cacheRoot: cacheRoot(),
          outDir,
          logFile,
          verbose,
          log,
          features: decisions,
        });
        buildDirs.set(built.path, built.buildDir);
        return built.path;
      },
      prove: (path, decisions) => {
        const file = verdictFile(buildDirs.get(path) ?? outDir, identity, PROOF_SUBJECT);
        const proof = cachedProof(file, () =>
          proveCpuKernels({
            addon: output,
            bins,
            cpuBackend: path,
            options: enabledOptions(decisions),
            workDir: proofDir,
            reference,
          }),
        );
        reference = proof.reference ?? reference;
        log(
          `proof of ${enabledOptions(decisions).join(", ")}: ${proof.passed ? "passed" : proof.failure}${proof.cached ? " (cached)" : ""}`,
        );
        return proof;
      },
      log,
    });
    features = ladder.features;
    const proof = proofRecord(ladder.proof, identity);
    if (ladder.path === undefined) {
      return {
        kind: "prebuilt",
        reason: ladder.reason,
        features,
        proof,
        dropped: ladder.dropped,
        log: logFile,
      };
    }
    const instructionSets = enabledOptions(features).map((option) => option.replace(/^GGML_/, ""));
    return {
      kind: "openmp",
      path: ladder.path,
      instructionSets,
      features,
      proof,
      dropped: ladder.dropped,
      log: logFile,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(
      `logprobe: CPU backend with OpenMP not built; using node-llama-cpp's prebuilt one (slower).\n  why: ${reason.replaceAll("\n", "\n  ")}`,
    );
    return {
      kind: "prebuilt",
      reason: reason.split("\n")[0],
      log: logFile,
      ...(features ? { features } : {}),
    };
  }
}

/** What a cached verdict was judged by: the proof's version and tolerance. */
const PROOF_SUBJECT = `proof v${PROOF_VERSION}, tolerance ${PROOF_TOLERANCE_NATS}`;

/** What addon.json keeps of a proof: the CPU it ran on, the verdict per weight type. */
function proofRecord(proof, identity) {
  return {
    cpu: identity,
    passed: proof.passed,
    tolerance: proof.tolerance,
    types: proof.types,
    ...(proof.failure ? { failure: proof.failure } : {}),
    provenAt: new Date().toISOString(),
  };
}

/** One line for the install's output. */
function describeKernels(kernels) {
  const dropped = (kernels.dropped ?? []).map((step) => `dropped ${step.name}: ${step.reason}`);
  const proven = kernels.proof?.passed
    ? [`proven on ${kernels.proof.types.map((t) => t.type).join(", ")}`]
    : [];
  const notes = [...proven, ...dropped].join("; ");
  if (kernels.kind === "openmp")
    return `CPU kernels built with OpenMP (${kernels.instructionSets.join(", ")}); ${notes ? `${notes}; ` : ""}log: ${kernels.log}`;
  return `node-llama-cpp's prebuilt CPU kernels (${kernels.reason}); ${dropped.length > 0 ? `${dropped.join("; ")}; ` : ""}log: ${kernels.log}`;
}

const logFile = installLogFile();
try {
  main(logFile);
} catch (error) {
  const detail = error instanceof Error ? error.message : String(error);
  console.warn(
    `logprobe: native addon not built; the engine will use the slower node-llama-cpp path.\n  why: ${detail.replaceAll("\n", "\n  ")}\n  log: ${logFile}`,
  );
}
