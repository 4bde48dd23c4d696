// Proves which x86 instruction sets run on this machine before the CPU backend is built with
// them. /proc/cpuinfo is not proof: a virtual machine can list AMX (amx_tile, amx_int8,
// amx_bf16) and still trap its instructions ("Illegal instruction" in ggml's tileloadd). The
// probe program (native/cpu-probe/cpu-probe.c) runs one small test per instruction set in its
// own process; a test that ends with a signal or a wrong result turns its switch off.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runLogged } from "./run-logged.mjs";

const nativeDir = dirname(fileURLToPath(import.meta.url));

/** ggml's CMake switches, each with the /proc/cpuinfo flags it needs and the probe test that proves it. */
export const X86_FEATURES = [
  { option: "GGML_SSE42", flags: ["sse4_2"], test: "sse42" },
  { option: "GGML_AVX", flags: ["avx"], test: "avx" },
  { option: "GGML_AVX2", flags: ["avx2"], test: "avx2" },
  { option: "GGML_BMI2", flags: ["bmi2"], test: "bmi2" },
  { option: "GGML_FMA", flags: ["fma"], test: "fma" },
  { option: "GGML_F16C", flags: ["f16c"], test: "f16c" },
  { option: "GGML_AVX_VNNI", flags: ["avx_vnni"], test: "avx_vnni" },
  {
    option: "GGML_AVX512",
    flags: ["avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"],
    test: "avx512",
  },
  { option: "GGML_AVX512_VBMI", flags: ["avx512vbmi"], test: "avx512_vbmi" },
  { option: "GGML_AVX512_VNNI", flags: ["avx512_vnni"], test: "avx512_vnni" },
  { option: "GGML_AVX512_BF16", flags: ["avx512_bf16"], test: "avx512_bf16" },
  { option: "GGML_AMX_TILE", flags: ["amx_tile"], test: "amx_tile" },
  { option: "GGML_AMX_INT8", flags: ["amx_int8"], test: "amx_int8" },
  { option: "GGML_AMX_BF16", flags: ["amx_bf16"], test: "amx_bf16" },
];

/** The set of flags on the first `flags` line of /proc/cpuinfo. */
export function cpuinfoFlags(cpuinfo) {
  const line = cpuinfo.split("\n").find((l) => l.startsWith("flags"));
  if (line === undefined) throw new Error("/proc/cpuinfo has no flags line");
  return new Set(
    line
      .slice(line.indexOf(":") + 1)
      .trim()
      .split(/\s+/),
  );
}

/** Compiles the probe program into `outDir` (output to `logFile`); returns its path. */
export function compileProbe({ outDir, logFile, verbose = false }) {
  mkdirSync(outDir, { recursive: true });
  const probe = join(outDir, "cpu-probe");
  runLogged("cc", ["-O1", "-o", probe, join(nativeDir, "cpu-probe", "cpu-probe.c")], { logFile, verbose });
  return probe;
}

/**
 * Runs one probe test per feature whose cpuinfo flags are all present. Returns, per CMake
 * option, whether it may be turned on and why not.
 *
 * @param {{ cpuinfo: string, probe: string }} options
 * @returns {{ option: string, enabled: boolean, reason?: string }[]}
 */
export function probeCpuFeatures({ cpuinfo, probe }) {
  const flags = cpuinfoFlags(cpuinfo);
  return X86_FEATURES.map(({ option, flags: needs, test }) => {
    const missing = needs.filter((flag) => !flags.has(flag));
    if (missing.length > 0)
      return { option, enabled: false, reason: `not in /proc/cpuinfo (${missing.join(", ")})` };
    const run = spawnSync(probe, [test], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
    if (run.error) return { option, enabled: false, reason: `probe could not run: ${run.error.message}` };
    if (run.signal)
      return { option, enabled: false, reason: `listed, but the probe died with ${run.signal}` };
    if (run.status !== 0) {
      const said = (run.stderr ?? "").trim().split("\n").pop() ?? "";
      return {
        option,
        enabled: false,
        reason: `listed, but the probe failed (${said || `exit ${run.status}`})`,
      };
    }
    return { option, enabled: true };
  });
}

/** The CMake `-D` switches for probed features. */
export function featureSwitches(features) {
  return features.map(({ option, enabled }) => `-D${option}=${enabled ? "ON" : "OFF"}`);
}
