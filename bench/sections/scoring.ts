/**
 * Section 1: scoring throughput and perplexity, logprobe's native evaluator against
 * llama-perplexity on the same windows (interleaved runs); the same addon on node-llama-cpp's
 * prebuilt kernels; `logprobe score`'s sliding windows; the fallback path for reference.
 */

import { type BenchContext, load, log, med, ours, type Runs, scorePair } from "../bench-context.js";
import { median } from "../lib/stats.js";

/** Runs the section; its result is stored as `scoring`. */
export async function measureScoring(bench: BenchContext): Promise<Record<string, unknown>> {
  const { settings, modelPath, textFile, shortTextFile, variant, variantEnv } = bench;
  const quick = settings.quick;
  log("1. scoring: llama-perplexity vs logprobe (same windows), interleaved");
  const peerRuns = [];
  const oursRuns: Runs = [];
  const variantRuns: Runs = [];
  let oursRss = Number.NaN;
  let oursPerplexity = Number.NaN;
  let oursCpuBackend: unknown = null;
  for (let r = 0; r < settings.scoringRuns; r++) {
    const pair = await scorePair(bench, modelPath);
    peerRuns.push(pair.peer);
    const o = pair.ours;
    const run = (o.runs as Runs)[0]!;
    oursRuns.push(run);
    if (variant) {
      const v = await ours(
        {
          kind: "score-chunked",
          model: modelPath,
          textFile,
          windowSize: settings.windowSize,
          windows: settings.windows,
          threads: settings.threads,
          runs: 1,
          evaluator: "native",
        },
        variantEnv,
      );
      variantRuns.push({ ...(v.runs as Runs)[0]!, maxRssKb: v.maxRssKb });
    }
    oursRss = o.maxRssKb;
    oursCpuBackend = o.cpuBackend;
    oursPerplexity = run.perplexity!;
  }
  log("   logprobe score (engine.score, sliding windows)");
  const engine = await ours({
    kind: "score-engine",
    model: modelPath,
    textFile: shortTextFile,
    contextSize: settings.windowSize,
    threads: settings.threads,
    runs: settings.scoringRuns,
  });
  let fallback: Record<string, unknown> | undefined;
  if (!quick) {
    log("   node-llama-cpp probability-list path (the fallback), one window of 128 for reference");
    fallback = await ours({
      kind: "score-chunked",
      model: modelPath,
      textFile,
      windowSize: 128,
      windows: 2,
      threads: settings.threads,
      runs: 1,
      evaluator: "node-llama-cpp",
    });
  }
  return {
    peer: {
      command: peerRuns[0]?.command,
      perplexity: peerRuns[0]?.perplexity,
      perWindow: peerRuns[0]?.perWindow,
      evaluatedPerSecond: median(peerRuns.map((p) => p.evaluatedPerSecond)),
      scoredPerSecond: median(peerRuns.map((p) => p.scoredPerSecond)),
      runs: peerRuns.map((p) => ({ seconds: p.seconds, evaluatedPerSecond: p.evaluatedPerSecond })),
      maxRssKb: Math.max(...peerRuns.map((p) => p.maxRssKb)),
    },
    ours: {
      perplexity: oursPerplexity,
      perWindow: oursRuns[0]?.perWindow,
      evaluatedPerSecond: med(oursRuns, "evaluatedPerSecond"),
      scoredPerSecond: med(oursRuns, "scoredPerSecond"),
      runs: oursRuns.map((p) => ({ seconds: p.seconds, evaluatedPerSecond: p.evaluatedPerSecond })),
      maxRssKb: oursRss,
      cpuBackend: oursCpuBackend,
    },
    ...(variantRuns.length > 0
      ? {
          oursPrebuiltKernels: {
            perplexity: variantRuns[0]?.perplexity,
            evaluatedPerSecond: med(variantRuns, "evaluatedPerSecond"),
            scoredPerSecond: med(variantRuns, "scoredPerSecond"),
            runs: variantRuns.map((p) => ({
              seconds: p.seconds,
              evaluatedPerSecond: p.evaluatedPerSecond,
            })),
            maxRssKb: Math.max(...variantRuns.map((p) => p.maxRssKb!)),
          },
        }
      : {}),
    engineScore: {
      evaluator: engine.evaluator,
      perplexity: (engine.runs as Runs)[0]?.perplexity,
      scored: (engine.runs as Runs)[0]?.scored,
      scoredPerSecond: med(engine.runs as Runs, "scoredPerSecond"),
      maxRssKb: engine.maxRssKb,
    },
    ...(fallback
      ? {
          fallback: {
            windowSize: 128,
            evaluatedPerSecond: (fallback.runs as Runs)[0]?.evaluatedPerSecond,
            scoredPerSecond: (fallback.runs as Runs)[0]?.scoredPerSecond,
            perplexity: (fallback.runs as Runs)[0]?.perplexity,
          },
        }
      : {}),
    loadAverageAfter: load(),
  };
}
