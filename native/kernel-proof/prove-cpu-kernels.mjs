// Proves CPU kernels on the work they will do: the proof model (proof-model.mjs), quantized to
// every weight type with its own kernel family, is decoded by the kernels under test and by
// node-llama-cpp's prebuilt kernels, each in a child process (proof-child.mjs), and every
// target logprob must agree within PROOF_TOLERANCE_NATS. A child that dies (SIGILL from an
// instruction the machine traps, SIGSEGV, ...) or a gap above the tolerance fails the proof,
// and the result says which weight type failed and how.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeProofModel } from "./proof-model.mjs";

const childScript = join(dirname(fileURLToPath(import.meta.url)), "proof-child.mjs");

/** Weight types proven, one per kernel family of ggml-cpu (llama-quantize's names). */
export const PROOF_TYPES = [
  "F32",
  "F16",
  "BF16",
  "Q8_0",
  "Q4_0",
  "Q4_1",
  "Q4_K_M",
  "Q5_K_M",
  "Q6_K",
  "IQ4_XS",
  "IQ4_NL",
];

/**
 * The largest gap allowed between a target logprob from the kernels under test and from
 * node-llama-cpp's prebuilt kernels on the same CPU (nats). Two correct implementations of one
 * quantized product differ by how they round activations: on the Intel Xeon (AMX prebuilt
 * kernels against our AVX-512 build) the largest gap measured was 0.056 nats (Q5_K_M), against
 * quantization errors of 0.07 (Q8_0) to 0.63 (IQ4_XS) nats from F32; kernels built from the same
 * code (our AVX2 build against the prebuilt haswell variant, under emulation) agree to 1e-6. A
 * kernel that computes a wrong product is off by nats. docs/cpu-kernels.md has the table.
 */
export const PROOF_TOLERANCE_NATS = 0.1;

/** Bump when the proof model or its decodes change: cached models and verdicts are renewed. */
export const PROOF_VERSION = 1;

/** Threads for the proof's decodes: more than one, as in real use. */
function proofThreads() {
  return Math.max(2, Math.min(4, availableParallelism()));
}

/**
 * Runs one proof child; returns its JSON answer or the way it ended. `emulator` is a command
 * prefix that runs it on another CPU model (["qemu-x86_64", "-cpu", "Haswell"]).
 */
function runChild(request, timeoutMs, emulator = []) {
  const [command, ...prefix] = emulator.length > 0 ? emulator : [process.execPath];
  const node = emulator.length > 0 ? [process.execPath] : [];
  const run = spawnSync(command, [...prefix, ...node, childScript, JSON.stringify(request)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error) return { failure: `could not run: ${run.error.message}` };
  if (run.signal) return { failure: `killed by ${run.signal}` };
  if (run.status !== 0) {
    const said = (run.stderr ?? "").trim().split("\n").pop() ?? "";
    return { failure: `exit ${run.status}${said ? `: ${said}` : ""}` };
  }
  try {
    return { answer: JSON.parse(run.stdout.trim().split("\n").pop() ?? "") };
  } catch {
    return { failure: "printed no result" };
  }
}

/**
 * The proof models, one file per weight type in `workDir`, quantized by the prebuilt kernels
 * (written once, reused). Returns a map type -> path; throws when a type cannot be written.
 *
 * @param {{ addon: string, bins: string, workDir: string }} options
 */
export function proofModels({ addon, bins, workDir }) {
  mkdirSync(workDir, { recursive: true });
  const pathOf = (type) => join(workDir, `proof-v${PROOF_VERSION}-${type}.gguf`);
  const source = pathOf("F32");
  if (!existsSync(source)) {
    writeProofModel(`${source}.tmp`);
    renameSync(`${source}.tmp`, source);
  }
  const models = new Map([["F32", source]]);
  for (const type of PROOF_TYPES.filter((t) => t !== "F32")) {
    const output = pathOf(type);
    if (!existsSync(output)) {
      const request = {
        mode: "quantize",
        addon,
        bins,
        model: source,
        output: `${output}.tmp`,
        type,
        threads: 2,
      };
      const run = runChild(request, 120_000);
      if (run.failure) throw new Error(`quantizing the proof model to ${type} failed (${run.failure})`);
      renameSync(`${output}.tmp`, output);
    }
    models.set(type, output);
  }
  return models;
}

/**
 * Decodes every proof model with one set of kernels (`cpuBackend`, or node-llama-cpp's prebuilt
 * ones when undefined), one child process per weight type. Returns per type either the target
 * logprobs or the failure.
 *
 * `emulator` runs them under an emulated CPU (see runChild).
 *
 * @param {{ addon: string, bins: string, cpuBackend?: string, options?: string[],
 *   models: Map<string, string>, emulator?: string[] }} options
 */
export function decodeProofModels({ addon, bins, cpuBackend, options = [], models, emulator = [] }) {
  const results = new Map();
  for (const [type, model] of models) {
    const request = { mode: "decode", addon, bins, model, threads: proofThreads(), options };
    if (cpuBackend !== undefined) request.cpuBackend = cpuBackend;
    const run = runChild(request, emulator.length > 0 ? 900_000 : 120_000, emulator);
    results.set(type, run.failure ? { failure: run.failure } : { logprobs: run.answer.logprobs });
  }
  return results;
}

/** The largest absolute difference between two equally long lists (Infinity when not comparable). */
export function largestGap(a, b) {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let gap = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= gap)) gap = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return gap;
}

/**
 * Judges the kernels under test against the reference, type by type. `passed` is true when
 * every type decoded and agreed; `failure` names the first type that did not, and how.
 *
 * @param {Map<string, {logprobs?: number[], failure?: string}>} candidate
 * @param {Map<string, {logprobs?: number[], failure?: string}>} reference
 * @param {number} [tolerance]
 */
export function judgeProof(candidate, reference, tolerance = PROOF_TOLERANCE_NATS) {
  const types = [];
  for (const [type, result] of candidate) {
    const expected = reference.get(type);
    if (result.failure) {
      types.push({ type, passed: false, failure: result.failure });
    } else if (!expected?.logprobs) {
      types.push({ type, passed: false, failure: `no reference (${expected?.failure ?? "missing"})` });
    } else {
      const gap = largestGap(result.logprobs, expected.logprobs);
      const passed = gap <= tolerance;
      types.push({
        type,
        passed,
        gapNats: Number.isFinite(gap) ? Number(gap.toPrecision(3)) : null,
        ...(passed
          ? {}
          : {
              failure: `logprobs differ by ${Number.isFinite(gap) ? gap.toPrecision(3) : "NaN"} nats (tolerance ${tolerance})`,
            }),
      });
    }
  }
  const first = types.find((t) => !t.passed);
  return {
    passed: first === undefined,
    tolerance,
    types,
    ...(first ? { failure: `${first.type}: ${first.failure}` } : {}),
  };
}

/**
 * The whole proof of `cpuBackend` (built with ggml `options`) against the prebuilt kernels.
 * `reference` may be passed in to reuse an earlier decode of the prebuilt kernels.
 *
 * `emulator` runs both sides' decodes on an emulated CPU (scripts/emulated-cpu-check.mjs).
 *
 * @param {{ addon: string, bins: string, cpuBackend: string, options: string[], workDir: string,
 *   reference?: Map<string, {logprobs?: number[], failure?: string}>, emulator?: string[],
 *   models?: Map<string, string> }} options `models` limits the proof to some weight types.
 */
export function proveCpuKernels({
  addon,
  bins,
  cpuBackend,
  options,
  workDir,
  reference,
  emulator = [],
  models: only,
}) {
  const models = only ?? proofModels({ addon, bins, workDir });
  const expected = reference ?? decodeProofModels({ addon, bins, models, emulator });
  const candidate = decodeProofModels({ addon, bins, cpuBackend, options, models, emulator });
  return { ...judgeProof(candidate, expected), reference: expected };
}
