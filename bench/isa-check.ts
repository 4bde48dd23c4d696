/**
 * Checks that both sides of an instruction-set-level run (`bench/run.ts --isa=avx2`) computed with
 * kernels of that level only, from what each process reports: llama-perplexity's `system_info:`
 * line and ggml's system information in our worker (`llama.systemInfo`), whose `CPU :` part lists
 * the instruction sets compiled into a registered CPU backend, and the sets our build recorded
 * (addon.json's `cpuKernels.instructionSets`).
 */
import { spawnSync } from "node:child_process";
import { X86_FEATURES } from "../native/probe-cpu-features.mjs";
import { ISA_LEVELS } from "../native/restrict-isa-level.mjs";

/**
 * The sets that the `CPU :` parts of a ggml system-information line list as on ("AVX2 = 1"), over
 * every CPU backend registered in the process.
 */
export function systemInfoSets(systemInfo: string): string[] {
  const parts = [...systemInfo.matchAll(/(?:^|\|)\s*CPU : (.*?)(?=\|\s*[A-Za-z][\w-]* : |$)/g)];
  if (parts.length === 0) throw new Error(`no "CPU :" part in the system information: ${systemInfo}`);
  const sets = parts.flatMap((part) => [...part[1]!.matchAll(/([A-Z0-9_]+) = 1\b/g)].map((m) => m[1]!));
  return [...new Set(sets)];
}

function levelOptions(level: string): string[] {
  if (!Object.hasOwn(ISA_LEVELS, level))
    throw new Error(`isa must be one of ${Object.keys(ISA_LEVELS).join(", ")} (got "${level}")`);
  return ISA_LEVELS[level]!;
}

/** ggml's x86 instruction sets above `level`, as system information names them ("AVX512"). */
export function setsAboveLevel(level: string): string[] {
  const allowed = levelOptions(level);
  return X86_FEATURES.map((f) => f.option)
    .filter((option) => !allowed.includes(option))
    .map((option) => option.replace(/^GGML_/, ""));
}

/**
 * Throws unless `sets` (what `side` reports) lists no instruction set above `level` and lists
 * every set of the level that ggml's system information names (all but SSE4.2, which it does not
 * print), so that a list read wrongly cannot pass.
 */
export function assertLevelKernels(level: string, side: string, sets: readonly string[]): void {
  const above = setsAboveLevel(level);
  const found = sets.filter((set) => above.includes(set) || /^(AVX512|AMX|AVX10)/.test(set));
  if (found.length > 0)
    throw new Error(`--isa=${level}: ${side} runs ${found.join(", ")} (it lists ${sets.join(", ")})`);
  const required = levelOptions(level)
    .map((option) => option.replace(/^GGML_/, ""))
    .filter((set) => set !== "SSE42");
  const missing = required.filter((set) => !sets.includes(set));
  if (missing.length > 0)
    throw new Error(
      `--isa=${level}: ${side} does not list ${missing.join(", ")} (it lists ${sets.join(", ")})`,
    );
}

/**
 * How many instructions in `library`'s disassembly use an AVX-512 register (zmm, an opmask k1-k7,
 * or xmm/ymm 16-31); 0 for kernels built without AVX-512. Null when objdump is not installed.
 */
export function avx512RegisterUses(library: string): number | null {
  const run = spawnSync("objdump", ["-d", "--no-show-raw-insn", library], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (run.error || run.status !== 0) return null;
  return run.stdout.split("\n").filter((line) => AVX512_REGISTER.test(line)).length;
}

const AVX512_REGISTER = /%zmm|%k[1-7]\b|%[xy]mm(1[6-9]|2\d|3[01])\b/;
