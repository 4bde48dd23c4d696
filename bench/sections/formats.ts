/**
 * Section 1b: scoring by model format: the F32 model written as F16, Q8_0 and Q4_K_M by llama.cpp's
 * quantizer (bench/quantize-model.ts), each scored by llama-perplexity and by logprobe.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { type BenchContext, benchDir, log, med, type Runs, root, scorePair } from "../bench-context.js";
import { runProcess } from "../lib/processes.js";
import { median } from "../lib/stats.js";

/** Runs the section; its result is stored as `formats`. */
export async function measureFormats(bench: BenchContext): Promise<Record<string, unknown>> {
  const { settings, modelPath } = bench;
  log("1b. scoring by model format: llama-perplexity vs logprobe on F16, Q8_0 and Q4_K_M");
  const formats: Record<string, unknown> = {};
  for (const type of ["F16", "Q8_0", "Q4_K_M"]) {
    const formatPath = modelPath.replace(/-f32\.gguf$/, `-${type.toLowerCase()}.gguf`);
    if (!existsSync(formatPath)) {
      log(`   quantizing to ${type}`);
      const quantized = await runProcess(
        process.execPath,
        [
          "--import",
          "tsx",
          join(benchDir, "quantize-model.ts"),
          modelPath,
          formatPath,
          type,
          String(settings.threads),
        ],
        { cwd: root, timeoutMs: 900_000 },
      );
      if (quantized.code !== 0)
        throw new Error(`quantizing to ${type} failed:\n${quantized.stderr.slice(-2000)}`);
    }
    const peerRuns = [];
    const oursRuns: Runs = [];
    let oursKernels: { instructionSets: unknown; systemInfo: unknown } | undefined;
    for (let r = 0; r < settings.scoringRuns; r++) {
      const pair = await scorePair(bench, formatPath);
      peerRuns.push(pair.peer);
      oursRuns.push((pair.ours.runs as Runs)[0]!);
      oursKernels ??= { instructionSets: pair.ours.instructionSets, systemInfo: pair.ours.systemInfo };
    }
    formats[type] = {
      bytes: statSync(formatPath).size,
      peer: {
        perplexity: peerRuns[0]?.perplexity,
        evaluatedPerSecond: median(peerRuns.map((p) => p.evaluatedPerSecond)),
        runs: peerRuns.map((p) => p.evaluatedPerSecond),
        systemInfo: peerRuns[0]?.systemInfo,
      },
      ours: {
        perplexity: oursRuns[0]?.perplexity,
        evaluatedPerSecond: med(oursRuns, "evaluatedPerSecond"),
        runs: oursRuns.map((r) => r.evaluatedPerSecond),
        instructionSets: oursKernels?.instructionSets,
        systemInfo: oursKernels?.systemInfo,
      },
    };
  }
  return formats;
}
