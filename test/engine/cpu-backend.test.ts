/**
 * The CPU backend built at install (native/build-cpu-backend.mjs: llama.cpp's ggml-cpu with
 * OpenMP, linked against node-llama-cpp's libggml-base.so). Oracle for the numbers: node-llama-cpp's
 * own prebuilt CPU backend (`LOGPROBE_NATIVE_CPU=0`), which must give the same logprobs. The
 * instruction-set probe has its own test (native/probe-cpu-features.test.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

/**
 * Logits are float32 from kernels that another compiler built: sums round differently. Measured
 * here: chosen tokens differ by at most 1.4e-5 nats, unlikely alternatives (logprob -9) by 4.8e-4,
 * the size of ggml's batch-size effect that the fallback test also allows (1e-3).
 */
const TOLERANCE = 1e-3;
const metaFile = join(repoRoot, "native", "build", "addon.json");
const meta = existsSync(metaFile)
  ? (JSON.parse(readFileSync(metaFile, "utf8")) as {
      cpuBackend?: string;
      cpuKernels?: { kind: string; reason?: string; log?: string };
    })
  : undefined;
/** In CI the install must have built it (cmake and OpenMP are installed by .ci/run). */
const built = typeof meta?.cpuBackend === "string";
if (process.env.CI === "true" && !built) {
  const why = meta?.cpuKernels ? `${meta.cpuKernels.reason}; log: ${meta.cpuKernels.log}` : "no addon.json";
  throw new Error(`CI: \`npm ci\` did not build the OpenMP CPU backend (${why})`);
}

describe.skipIf(!built || !requireTestModel())("the OpenMP CPU backend built at install", () => {
  it("is registered by the addon", () => {
    const status = loadNativeAddon();
    expect(status.available).toBe(true);
    if (status.available) expect(status.cpuBackend).toBe(meta?.cpuBackend);
  });

  it("gives the logprobs of node-llama-cpp's prebuilt CPU backend", async () => {
    const args = ["score", "-", "--jsonl", "--top", "3", "--model", testModelPath, "--threads", "2"];
    const stdin = "Once upon a time, there was a little girl named Lily. She loved to play outside.";
    const ours = await runCli(args, { stdin, env: { LOGPROBE_NATIVE_LOG: "1" } });
    const prebuilt = await runCli(args, {
      stdin,
      env: { LOGPROBE_NATIVE_LOG: "1", LOGPROBE_NATIVE_CPU: "0" },
    });
    expect(ours.code).toBe(0);
    expect(prebuilt.code).toBe(0);
    expect(ours.stderr).toContain("libggml-cpu-logprobe.so");
    expect(prebuilt.stderr).not.toContain("libggml-cpu-logprobe.so");
    const lines = (run: { stdout: string }) =>
      run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { logprob?: number; top?: { logprob: number }[] });
    const a = lines(ours).filter((l) => l.logprob !== undefined);
    const b = lines(prebuilt).filter((l) => l.logprob !== undefined);
    expect(a.length).toBeGreaterThan(10);
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i]!.logprob! - b[i]!.logprob!)).toBeLessThan(TOLERANCE);
      const topA = a[i]!.top ?? [];
      const topB = b[i]!.top ?? [];
      expect(topA.length).toBe(topB.length);
      for (let j = 0; j < topA.length; j++)
        expect(Math.abs(topA[j]!.logprob - topB[j]!.logprob)).toBeLessThan(TOLERANCE);
    }
  });
});
