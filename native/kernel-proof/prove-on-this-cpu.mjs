// The run-time guard's proof: the engine (src/engine/native/kernel-guard.ts) runs this script in
// a child process when the addon loads on a CPU whose identity differs from the one the install
// proved the built kernels on. It proves them here (prove-cpu-kernels.mjs, in further child
// processes), once per CPU identity and build: the verdict is cached under
// $XDG_CACHE_HOME/logprobe/kernel-proof. Prints one JSON line: { passed, failure?, types, cached? }.
//
//   node prove-on-this-cpu.mjs '{"addon", "bins", "cpuBackend", "options": [ggml options]}'
import { statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cachedProof, verdictFile } from "./cached-proof.mjs";
import { cpuIdentity } from "./cpu-identity.cjs";
import { PROOF_TOLERANCE_NATS, PROOF_VERSION, proveCpuKernels } from "./prove-cpu-kernels.mjs";

/** The folder of proof models and run-time verdicts. */
export function proofCacheDir() {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "logprobe", "kernel-proof");
}

/**
 * Proves `cpuBackend` on this CPU, or returns the cached verdict for this CPU and this build of
 * it (its path and modification time).
 *
 * @param {{ addon: string, bins: string, cpuBackend: string, options: string[] }} request
 */
export function proveOnThisCpu(request) {
  const dir = proofCacheDir();
  const built = statSync(request.cpuBackend).mtimeMs;
  const subject = `proof v${PROOF_VERSION}, tolerance ${PROOF_TOLERANCE_NATS}, ${request.cpuBackend} ${built}`;
  const proof = cachedProof(verdictFile(dir, cpuIdentity(), subject), () =>
    proveCpuKernels({ ...request, workDir: dir }),
  );
  const { reference: _reference, ...verdict } = proof;
  return verdict;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${JSON.stringify(proveOnThisCpu(JSON.parse(process.argv[2] ?? "{}")))}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
