/**
 * The checks of an instruction-set-level benchmark run (bench/isa-check.ts), on system-information
 * lines as llama-perplexity and node-llama-cpp print them on the AMD EPYC (AVX-512 build), and on
 * code compiled here with and without AVX-512 (objdump's disassembly is the outside reader).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assertLevelKernels,
  avx512RegisterUses,
  setsAboveLevel,
  systemInfoSets,
} from "../../bench/isa-check.js";

const PEER_AVX512 =
  "0.00.063.301 I system_info: n_threads = 2 (n_threads_batch = 2) / 2 | CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ";
const OURS_AVX2 =
  "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ";

describe("systemInfoSets", () => {
  it("reads the sets llama-perplexity's system_info line lists as on", () => {
    expect(systemInfoSets(PEER_AVX512)).toEqual([
      "SSE3",
      "SSSE3",
      "AVX",
      "AVX_VNNI",
      "AVX2",
      "F16C",
      "FMA",
      "BMI2",
      "AVX512",
      "AVX512_VBMI",
      "AVX512_VNNI",
      "AVX512_BF16",
      "LLAMAFILE",
      "OPENMP",
      "REPACK",
    ]);
  });

  it("reads every CPU backend's part, and no other backend's", () => {
    const two = `${OURS_AVX2}CPU : AVX512 = 1 | Vulkan : COOPMAT = 1 | `;
    expect(systemInfoSets(two)).toContain("AVX512");
    expect(systemInfoSets(two)).not.toContain("COOPMAT");
    expect(() => systemInfoSets("system_info: n_threads = 2")).toThrow(/no "CPU :" part/);
  });
});

describe("assertLevelKernels", () => {
  it("passes AVX2-level kernels", () => {
    expect(() => assertLevelKernels("avx2", "ours", systemInfoSets(OURS_AVX2))).not.toThrow();
    const recorded = ["SSE42", "AVX", "AVX2", "BMI2", "FMA", "F16C"];
    expect(() => assertLevelKernels("avx2", "addon.json", recorded)).not.toThrow();
  });

  it("names the sets above the level that a side runs", () => {
    expect(() => assertLevelKernels("avx2", "llama-perplexity", systemInfoSets(PEER_AVX512))).toThrow(
      /--isa=avx2: llama-perplexity runs AVX_VNNI, AVX512, AVX512_VBMI, AVX512_VNNI, AVX512_BF16 \(it lists/,
    );
  });

  it("fails a list that lacks the level's own sets (read wrongly or built without them)", () => {
    expect(() => assertLevelKernels("avx2", "ours", ["SSE3", "AVX", "AVX2"])).toThrow(
      /ours does not list BMI2, FMA, F16C/,
    );
    expect(() => assertLevelKernels("avx2", "ours", [])).toThrow(/does not list AVX, AVX2/);
  });

  it("knows the sets above AVX2 from the probe's table", () => {
    expect(setsAboveLevel("avx2")).toEqual([
      "AVX_VNNI",
      "AVX512",
      "AVX512_VBMI",
      "AVX512_VNNI",
      "AVX512_BF16",
      "AMX_TILE",
      "AMX_INT8",
      "AMX_BF16",
    ]);
    expect(() => setsAboveLevel("avx512")).toThrow(/isa must be one of sse42, avx2/);
  });
});

describe("avx512RegisterUses", () => {
  const hasTools =
    process.arch === "x64" &&
    spawnSync("cc", ["--version"]).status === 0 &&
    spawnSync("objdump", ["--version"]).status === 0;
  // CI on x86-64 has both (the native install compiles with cc; binutils comes with it): a missing
  // tool there is a failure, not a skip.
  if (process.env.CI === "true" && process.arch === "x64" && !hasTools)
    throw new Error("CI: cc and objdump are needed to check the AVX-512 register count");

  it.skipIf(!hasTools)("counts AVX-512 registers in code built with AVX-512, none with AVX2", () => {
    const dir = mkdtempSync(join(tmpdir(), "logprobe-isa-"));
    const source = join(dir, "add.c");
    writeFileSync(
      source,
      "void add(float *restrict a, const float *restrict b, int n) { for (int i = 0; i < n; i++) a[i] += b[i]; }\n",
    );
    const compile = (flags: string[], out: string) => {
      const run = spawnSync("cc", ["-O3", "-shared", "-fPIC", ...flags, "-o", out, source]);
      expect(run.status).toBe(0);
      return out;
    };
    const avx512 = compile(["-mavx512f", "-mprefer-vector-width=512"], join(dir, "avx512.so"));
    const avx2 = compile(["-mavx2", "-mfma"], join(dir, "avx2.so"));
    expect(avx512RegisterUses(avx512)).toBeGreaterThan(0);
    expect(avx512RegisterUses(avx2)).toBe(0);
  });
});
