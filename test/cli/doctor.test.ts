/**
 * `logprobe doctor`: the facts it reports are read back from their sources — the install's record
 * (native/build/addon.json), /proc/cpuinfo, node-llama-cpp's installed packages — and the
 * self-test's perplexity equals `logprobe score` on the same sentence (same engine, same numbers).
 * In CI the OpenMP kernels must be the ones in use.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { X86_FEATURES } from "../../native/probe-cpu-features.mjs";
import { type DoctorReport, renderDoctorReport } from "../../src/cli/commands/doctor.js";
import { SELF_TEST_TEXT } from "../../src/engine/self-test.js";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const metaFile = join(repoRoot, "native", "build", "addon.json");
const meta = existsSync(metaFile)
  ? (JSON.parse(readFileSync(metaFile, "utf8")) as {
      cpuKernels?: { kind: string; instructionSets?: string[] };
    })
  : undefined;

describe.skipIf(!requireTestModel())("logprobe doctor", () => {
  it("--json names the CPU, kernels, instruction sets, variant and the evaluator of a self-test", async () => {
    const run = await runCli([
      "doctor",
      "--json",
      "--model",
      testModelPath,
      "--gpu",
      "off",
      "--threads",
      "1",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.node).toBe(process.version);
    expect(report.nodeLlamaCpp.version).toBe("3.21.1");
    expect(report.nodeLlamaCpp.installedVariants).toContain(`${process.platform}-${process.arch}`);
    if (process.platform === "linux") {
      const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
      for (const flag of report.cpu.features) expect(cpuinfo).toMatch(new RegExp(`\\b${flag}\\b`));
    }
    expect(report.cpuKernels.kind).toBe(meta?.cpuKernels?.kind ?? "prebuilt");
    if (process.env.CI === "true") expect(report.cpuKernels.kind).toBe("openmp");
    if (report.cpuKernels.kind === "openmp") {
      expect(report.cpuKernels.instructionSets).toEqual(meta?.cpuKernels?.instructionSets);
      // Each instruction set built in is one the CPU lists (ggml's AVX512 needs avx512f, cd, ...).
      for (const set of report.cpuKernels.instructionSets ?? []) {
        const feature = X86_FEATURES.find((f) => f.option === `GGML_${set}`)!;
        for (const flag of feature.flags) expect(report.cpu.features).toContain(flag);
      }
    }
    const test = report.selfTest!;
    expect(test.model).toBe("stories260K.gguf");
    expect(test.evaluator.device).toBe("cpu");
    expect(test.evaluator.name).toBe(process.env.LOGPROBE_NATIVE === "0" ? "node-llama-cpp" : "native");
    expect(test.evaluator.cpuKernels).toBe(report.cpuKernels.kind);
    expect(test.tokens).toBeGreaterThan(20);
    expect(test.tokensPerSecond).toBeGreaterThan(0);

    const scored = await runCli(["score", "-", "--jsonl", "--model", testModelPath, "--gpu", "off"], {
      stdin: SELF_TEST_TEXT,
    });
    const summary = scored.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; perplexity?: number; tokenCount?: number })
      .find((line) => line.type === "summary")!;
    expect(summary.tokenCount).toBe(test.tokens);
    expect(Math.abs(summary.perplexity! - test.perplexity)).toBeLessThan(1e-9);
  });

  it("says why the fast kernels are not in use and what the install left off", () => {
    const report: DoctorReport = {
      node: "v20.20.2",
      platform: "linux",
      arch: "x64",
      cpu: { model: "Intel Xeon", logicalCores: 2, features: ["avx2", "avx512f", "amx_tile"] },
      nodeLlamaCpp: {
        version: "3.21.1",
        installedVariants: ["linux-x64", "linux-x64-vulkan"],
        supportedGpuTypes: ["vulkan"],
        autoChoice: "vulkan",
        why: "--gpu auto takes the first GPU type that loads (vulkan found here); --gpu off forces the CPU",
        gpuDevices: ["llvmpipe (LLVM 15.0.6, 256 bits)"],
      },
      addon: { available: true, path: "/x/logprobe_native.node" },
      cpuKernels: {
        kind: "prebuilt",
        reason: "cmake is not installed",
        log: "/home/u/.cache/logprobe/native-install.log",
        features: [
          { option: "GGML_AMX_TILE", enabled: false, reason: "listed, but the probe died with SIGILL" },
        ],
      },
      modelCache: "/home/u/.cache/logprobe/models",
    };
    const text = renderDoctorReport(report);
    expect(text).toContain(
      "cpu kernels     node-llama-cpp's prebuilt kernels (slower): cmake is not installed",
    );
    expect(text).toContain("left off AMX_TILE: listed, but the probe died with SIGILL");
    expect(text).toContain("install log: /home/u/.cache/logprobe/native-install.log");
    expect(text).toContain("--gpu auto uses: vulkan");
    expect(text).toContain("gpu devices: llvmpipe (LLVM 15.0.6, 256 bits)");
  });
});
