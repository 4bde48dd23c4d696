/**
 * What every section of bench/run.ts shares: the settings, the model and text files, the peers,
 * and the runner of logprobe's measurements (bench/ours-worker.ts, each in its own process so that
 * its peak RSS is its own).
 */
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Peers } from "./build-peers.js";
import { GENERATION_PROMPT } from "./corpus.js";
import { assertLevelKernels, systemInfoSets } from "./isa-check.js";
import { runProcess } from "./lib/processes.js";
import { median } from "./lib/stats.js";
import type { WorkerTask } from "./ours-worker.js";
import { runLlamaPerplexity } from "./peer-llama.js";

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const root = resolve(benchDir, "..");

/** The run's settings, stored with its results. */
export function benchSettings(argv: readonly string[]) {
  const quick = argv.includes("--quick");
  const isa = argv.find((a) => a.startsWith("--isa="))?.slice(6);
  return {
    quick,
    /** The instruction-set level both sides were built with ("avx2"); absent: all this CPU runs. */
    ...(isa !== undefined ? { isa } : {}),
    shape: argv.find((a) => a.startsWith("--shape="))?.slice(8) ?? "qwen2.5-0.5b",
    type: "f32",
    threads: 2,
    windowSize: 512,
    windows: 2,
    scoringRuns: quick ? 1 : 3,
    generationTokens: quick ? 24 : 48,
    generationRuns: quick ? 1 : 3,
    serverClients: [1, 4, 8],
    serverRequestsPerClient: quick ? 1 : 2,
    serverMaxTokens: 16,
    serverContextPerSlot: 512,
    prompt: GENERATION_PROMPT,
  };
}

export type BenchSettings = ReturnType<typeof benchSettings>;

/** What a section gets. */
export interface BenchContext {
  settings: BenchSettings;
  peers: Peers;
  /** The synthetic F32 model. */
  modelPath: string;
  /** The benchmark text (about 8,000 words). */
  textFile: string;
  /** A shorter text (about 1,000 tokens) for `logprobe score`'s overlapping windows. */
  shortTextFile: string;
  /**
   * Also measure the same addon on node-llama-cpp's prebuilt CPU kernels (`variantEnv`) instead of
   * the OpenMP CPU backend built at install (off with --quick).
   */
  variant: boolean;
  variantEnv: NodeJS.ProcessEnv;
  /**
   * With `--isa=<level>`: every scoring pair checks that both sides ran kernels of that level only
   * (bench/isa-check.ts).
   */
  isa?: string;
}

export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** The 1-minute load average, to 2 decimals. */
export function load(): number {
  return Number(loadavg()[0]!.toFixed(2));
}

/** Runs one measurement of ours in its own process; its result with the process's peak RSS. */
export async function ours(
  task: WorkerTask,
  env: NodeJS.ProcessEnv = {},
): Promise<Record<string, unknown> & { maxRssKb: number }> {
  const result = await runProcess(
    process.execPath,
    ["--import", "tsx", join(benchDir, "ours-worker.ts"), JSON.stringify(task)],
    { cwd: root, timeoutMs: 600_000, env: { ...process.env, ...env } },
  );
  const line = result.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (result.code !== 0 || !line)
    throw new Error(`worker ${task.kind} failed:\n${result.stderr.slice(-3000)}`);
  return { ...(JSON.parse(line.slice(7)) as Record<string, unknown>), maxRssKb: result.maxRssKb };
}

export type Runs = { [key: string]: number }[];
export const med = (runs: Runs, key: string) => median(runs.map((r) => r[key]!));

/**
 * One llama-perplexity run and one of ours (native evaluator, same windows) on `model`. With
 * `bench.isa`, throws unless both report kernels of that level only.
 */
export async function scorePair(bench: BenchContext, model: string) {
  const { settings } = bench;
  const pair = {
    peer: await runLlamaPerplexity(
      bench.peers.perplexity,
      model,
      bench.textFile,
      settings.windowSize,
      settings.threads,
      settings.windows,
    ),
    ours: await ours({
      kind: "score-chunked",
      model,
      textFile: bench.textFile,
      windowSize: settings.windowSize,
      windows: settings.windows,
      threads: settings.threads,
      runs: 1,
      evaluator: "native",
    }),
  };
  if (bench.isa !== undefined) {
    assertLevelKernels(bench.isa, "llama-perplexity", systemInfoSets(pair.peer.systemInfo));
    const oursSystemInfo = systemInfoSets(String(pair.ours.systemInfo));
    assertLevelKernels(bench.isa, "logprobe's worker (ggml system information)", oursSystemInfo);
    const recorded = pair.ours.instructionSets;
    assertLevelKernels(
      bench.isa,
      "logprobe's CPU kernels (addon.json)",
      Array.isArray(recorded) ? (recorded as string[]) : [],
    );
  }
  return pair;
}
