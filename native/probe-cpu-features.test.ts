/**
 * The instruction-set probe behind the OpenMP CPU kernels (probe-cpu-features.mjs) and the logged
 * runner of install commands (run-logged.mjs). A fake probe stands in for CPUs this machine is
 * not: one that traps AMX (as the Intel Xeon VM does: "trap invalid opcode" on tileloadd though
 * /proc/cpuinfo lists amx_tile) and one whose test gives a wrong result.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compileProbe,
  cpuinfoFlags,
  featureSwitches,
  probeCpuFeatures,
  X86_FEATURES,
} from "./probe-cpu-features.mjs";
import { logTail, runLogged } from "./run-logged.mjs";

const ALL_FLAGS = X86_FEATURES.flatMap((feature) => feature.flags).join(" ");
const isX64Linux = process.platform === "linux" && process.arch === "x64";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "logprobe-probe-"));
}

/** A probe that dies with SIGILL on AMX tests, fails avx512_bf16 and passes the rest. */
function fakeProbe(dir: string): string {
  const path = join(dir, "fake-probe");
  writeFileSync(
    path,
    [
      "#!/bin/sh",
      'case "$1" in',
      "  amx_*) kill -ILL $$ ;;",
      '  avx512_bf16) echo "avx512_bf16: ran but gave a wrong result" >&2; exit 1 ;;',
      "  *) exit 0 ;;",
      "esac",
      "",
    ].join("\n"),
  );
  chmodSync(path, 0o755);
  return path;
}

describe("cpuinfoFlags", () => {
  it("reads the first flags line", () => {
    const flags = cpuinfoFlags("processor\t: 0\nflags\t\t: fpu sse4_2 avx2\nflags : other\n");
    expect([...flags]).toEqual(["fpu", "sse4_2", "avx2"]);
  });

  it("says when cpuinfo has no flags line", () => {
    expect(() => cpuinfoFlags("processor : 0\n")).toThrow(/no flags line/);
  });
});

describe("probeCpuFeatures", () => {
  it("turns on only what is listed and proven to run", () => {
    const probe = fakeProbe(tempDir());
    const decisions = probeCpuFeatures({ cpuinfo: `flags : ${ALL_FLAGS}`, probe });
    const byOption = new Map(decisions.map((d) => [d.option, d]));
    expect(byOption.get("GGML_AVX2")).toEqual({ option: "GGML_AVX2", enabled: true });
    expect(byOption.get("GGML_AVX512")?.enabled).toBe(true);
    for (const amx of ["GGML_AMX_TILE", "GGML_AMX_INT8", "GGML_AMX_BF16"]) {
      expect(byOption.get(amx)?.enabled).toBe(false);
      expect(byOption.get(amx)?.reason).toBe("listed, but the probe died with SIGILL");
    }
    expect(byOption.get("GGML_AVX512_BF16")?.reason).toMatch(
      /probe failed \(avx512_bf16: ran but gave a wrong result\)/,
    );
    expect(featureSwitches(decisions)).toContain("-DGGML_AMX_TILE=OFF");
    expect(featureSwitches(decisions)).toContain("-DGGML_AVX2=ON");
  });

  it("needs every cpuinfo flag of a switch (ggml's AVX512 needs F, CD, VL, DQ and BW)", () => {
    const probe = fakeProbe(tempDir());
    const decisions = probeCpuFeatures({ cpuinfo: "flags : sse4_2 avx avx2 avx512f avx512bw", probe });
    const avx512 = decisions.find((d) => d.option === "GGML_AVX512");
    expect(avx512).toEqual({
      option: "GGML_AVX512",
      enabled: false,
      reason: "not in /proc/cpuinfo (avx512cd, avx512vl, avx512dq)",
    });
    expect(decisions.find((d) => d.option === "GGML_AVX2")?.enabled).toBe(true);
  });

  it.skipIf(!isX64Linux)(
    "on this machine, enables only instruction sets that /proc/cpuinfo lists and that run",
    () => {
      const dir = tempDir();
      const probe = compileProbe({ outDir: dir, logFile: join(dir, "log") });
      const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
      const flags = cpuinfoFlags(cpuinfo);
      const decisions = probeCpuFeatures({ cpuinfo, probe });
      expect(decisions.find((d) => d.option === "GGML_SSE42")?.enabled).toBe(flags.has("sse4_2"));
      for (const decision of decisions) {
        const feature = X86_FEATURES.find((f) => f.option === decision.option)!;
        if (decision.enabled) expect(feature.flags.every((flag) => flags.has(flag))).toBe(true);
        else expect(decision.reason).toBeTruthy();
      }
    },
  );
});

describe("runLogged", () => {
  it("sends megabytes of output to the log, not to a buffer", () => {
    const dir = tempDir();
    const logFile = join(dir, "install.log");
    // 6 MB, more than execFileSync's 1 MB default buffer (the ENOBUFS that killed the ggml build).
    runLogged("sh", ["-c", "yes 'warning: maybe-uninitialized' | head -c 6000000"], { logFile });
    expect(readFileSync(logFile, "utf8").length).toBeGreaterThan(6_000_000);
  });

  it("fails with the exit code, the log's path and its last lines", () => {
    const dir = tempDir();
    const logFile = join(dir, "install.log");
    expect(() =>
      runLogged("sh", ["-c", "echo compiling; echo 'error: no such file' >&2; exit 3"], { logFile }),
    ).toThrow(
      new RegExp(
        `sh exited with 3 \\(log: ${logFile.replaceAll("/", "\\/")}\\)\\n[^]*compiling\\nerror: no such file`,
      ),
    );
    expect(logTail(logFile, 1)).toBe("error: no such file");
  });
});
