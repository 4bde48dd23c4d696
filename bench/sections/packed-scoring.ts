/**
 * Section 1c: packed scoring. Several windows evaluated at once on separate sequences sharing each
 * decode: `llama-perplexity -c 512 -b 2048` (4 windows per decode, its n_seq) against logprobe's
 * `chunkedPerplexity` with 4 windows in flight on a 4-sequence native context (batch 2,048). This
 * is the path `score A B C --parallel`, `batch`, `classify`, `calibrate` and the server take; on a
 * GPU it is what fills the device (bench/gpu/h200-check.sh measures it there).
 */
import { type BenchContext, load, log, med, ours, type Runs } from "../bench-context.js";
import { median } from "../lib/stats.js";
import { runLlamaPerplexity } from "../peer-llama.js";

/** Windows scored in all, and windows per decode. */
export const PACKED_WINDOWS = 8;
export const PACKED_SEQUENCES = 4;

/** Runs the section; its result is stored as `packed`. */
export async function measurePackedScoring(bench: BenchContext): Promise<Record<string, unknown>> {
  const { settings, modelPath, peers, textFile } = bench;
  const batchSize = settings.windowSize * PACKED_SEQUENCES;
  log(
    `1c. packed scoring: ${PACKED_WINDOWS} windows of ${settings.windowSize}, ${PACKED_SEQUENCES} per decode (batch ${batchSize})`,
  );
  const peerRuns = [];
  const oursRuns: Runs = [];
  let evaluatorRss = Number.NaN;
  for (let r = 0; r < settings.scoringRuns; r++) {
    peerRuns.push(
      await runLlamaPerplexity(
        peers.perplexity,
        modelPath,
        textFile,
        settings.windowSize,
        settings.threads,
        PACKED_WINDOWS,
        batchSize,
      ),
    );
    const result = await ours({
      kind: "score-chunked",
      model: modelPath,
      textFile,
      windowSize: settings.windowSize,
      windows: PACKED_WINDOWS,
      threads: settings.threads,
      runs: 1,
      evaluator: "native",
      parallel: PACKED_SEQUENCES,
    });
    oursRuns.push((result.runs as Runs)[0]!);
    evaluatorRss = result.maxRssKb;
  }
  return {
    windows: PACKED_WINDOWS,
    sequences: PACKED_SEQUENCES,
    batchSize,
    peer: {
      command: peerRuns[0]?.command,
      perplexity: peerRuns[0]?.perplexity,
      evaluatedPerSecond: median(peerRuns.map((p) => p.evaluatedPerSecond)),
      runs: peerRuns.map((p) => ({ seconds: p.seconds, evaluatedPerSecond: p.evaluatedPerSecond })),
      maxRssKb: Math.max(...peerRuns.map((p) => p.maxRssKb)),
    },
    ours: {
      perplexity: oursRuns[0]?.perplexity,
      evaluatedPerSecond: med(oursRuns, "evaluatedPerSecond"),
      runs: oursRuns.map((p) => ({ seconds: p.seconds, evaluatedPerSecond: p.evaluatedPerSecond })),
      maxRssKb: evaluatorRss,
    },
    loadAverageAfter: load(),
  };
}
