/**
 * The run-time guard of the CPU kernels built at install: they are used only on the CPU they were
 * proven on (native/kernel-proof/). When the addon loads on a CPU whose identity (model name,
 * flags, microcode, kernel release) differs from the install's record, as on a copied disk image
 * or a VM moved to another host, the proof runs again here, once, in a child process whose own
 * children decode; its verdict is cached per CPU and build. Kernels that fail it are not loaded,
 * so the process never receives the signal a trapped instruction would raise.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

/** What the install recorded of the proof (addon.json `cpuKernels.proof`). */
export interface KernelProofRecord {
  cpu: { id: string; modelName: string; microcode: string; kernel: string };
  passed: boolean;
  tolerance?: number;
  types?: { type: string; passed: boolean; gapNats?: number | null; failure?: string }[];
  failure?: string;
  provenAt?: string;
}

/** Where the guard's programs are (addon.json `kernelProof`). */
export interface KernelProofPrograms {
  identity: string;
  script: string;
}

/** The guard's verdict: use the built kernels or not, and why. */
export interface KernelGuardVerdict {
  use: boolean;
  /** "install": proven on this CPU at install; "here": proven again on this CPU. */
  provenBy?: "install" | "here";
  reason?: string;
}

/** A proof may take this long (quantizing the proof models the first time included). */
const PROOF_TIMEOUT_MS = 300_000;

/** Decides whether the kernels at `cpuBackend` may be used in this process. Synchronous. */
export function guardBuiltKernels(input: {
  record: KernelProofRecord | undefined;
  programs: KernelProofPrograms | undefined;
  addon: string;
  bins: string;
  cpuBackend: string;
  options: string[];
}): KernelGuardVerdict {
  const { record, programs } = input;
  if (
    record === undefined ||
    programs === undefined ||
    !existsSync(programs.identity) ||
    !existsSync(programs.script)
  )
    return { use: false, reason: "the install recorded no proof of the built CPU kernels; reinstall" };
  const { cpuIdentity } = createRequire(import.meta.url)(programs.identity) as {
    cpuIdentity: () => { id: string; modelName: string };
  };
  const here = cpuIdentity();
  if (here.id === record.cpu.id && record.passed) return { use: true, provenBy: "install" };
  const request = {
    addon: input.addon,
    bins: input.bins,
    cpuBackend: input.cpuBackend,
    options: input.options,
  };
  const run = spawnSync(process.execPath, [programs.script, JSON.stringify(request)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: PROOF_TIMEOUT_MS,
  });
  const prefix = `the built CPU kernels were proven on another CPU (${record.cpu.modelName}, microcode ${record.cpu.microcode}, kernel ${record.cpu.kernel}); on this one (${here.modelName})`;
  if (run.error || run.signal || run.status !== 0) {
    const why =
      run.error?.message ??
      (run.signal ? `killed by ${run.signal}` : (run.stderr ?? "").trim().split("\n").pop());
    return { use: false, reason: `${prefix} their proof could not run (${why})` };
  }
  try {
    const verdict = JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as {
      passed: boolean;
      failure?: string;
    };
    return verdict.passed
      ? { use: true, provenBy: "here" }
      : { use: false, reason: `${prefix} their proof failed (${verdict.failure ?? "no reason given"})` };
  } catch {
    return { use: false, reason: `${prefix} their proof printed no verdict` };
  }
}
