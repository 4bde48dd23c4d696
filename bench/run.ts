/**
 * `npm run bench [-- --quick]`: logprobe against llama.cpp's own tools on a synthetic model of
 * Qwen2.5-0.5B's shape (F32, vocabulary 151,936), same file, same threads, same text, in one run:
 *   1. scoring throughput and perplexity: logprobe vs llama-perplexity (same windows), on the F32
 *      model and on its F16, Q8_0 and Q4_K_M versions (llama.cpp's quantizer);
 *   2. generation with top-20 logprobs: logprobe vs llama-server (n_probs 20);
 *   3. generation with vs without logprobs (overhead) and time to first token;
 *   4. server throughput with 1, 4 and 8 clients: logprobe serve vs llama-server;
 *   5. peak RSS of every process.
 * Writes bench/results/<name>.json and regenerates BENCHMARKS.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeCpu } from "../src/engine/runtime-report.js";
import { findOrBuildPeers } from "./build-peers.js";
import { benchText, GENERATION_PROMPT } from "./corpus.js";
import { httpOk, runProcess, startProcess } from "./lib/processes.js";
import { median } from "./lib/stats.js";
import { makeSyntheticGguf } from "./make-synthetic-gguf.js";
import type { WorkerTask } from "./ours-worker.js";
import { llamaServerGenerate, runLlamaPerplexity, startLlamaServer } from "./peer-llama.js";
import { renderReport, storedRuns } from "./report.js";
import { loadTest } from "./server-load.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, "..");
const quick = process.argv.includes("--quick");
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const want = (section: string) => !only || only.includes(section);

const settings = {
  quick,
  shape: process.argv.find((a) => a.startsWith("--shape="))?.slice(8) ?? "qwen2.5-0.5b",
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

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function load(): number {
  return Number(loadavg()[0]!.toFixed(2));
}

async function ours(
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

type Runs = { [key: string]: number }[];
const med = (runs: Runs, key: string) => median(runs.map((r) => r[key]!));

async function main(): Promise<void> {
  const started = new Date();
  const peers = findOrBuildPeers();
  const modelPath = join(benchDir, "models", `synthetic-${settings.shape}-${settings.type}.gguf`);
  if (!existsSync(modelPath)) {
    log(`writing ${modelPath}`);
    makeSyntheticGguf({ shape: settings.shape, type: settings.type, out: modelPath });
  }
  const textFile = join(benchDir, "models", "bench-text.txt");
  writeFileSync(textFile, benchText(8000));
  // logprobe score evaluates overlapping windows over the whole text: about 1,000 tokens keep it short.
  const shortTextFile = join(benchDir, "models", "bench-text-short.txt");
  writeFileSync(shortTextFile, benchText(2600));
  const results: Record<string, unknown> = {
    takenAt: started.toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cpus: cpus().length,
      memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
      node: process.version,
      loadAverageAtStart: load(),
      cpuFeatures: describeCpu().features,
    },
    model: { path: modelPath, shape: settings.shape, type: settings.type, bytes: statSync(modelPath).size },
    settings,
    peers: { sourceDir: peers.sourceDir },
  };

  /** One llama-perplexity run and one of ours (native evaluator, same windows) on `model`. */
  const scorePair = async (model: string) => ({
    peer: await runLlamaPerplexity(
      peers.perplexity,
      model,
      textFile,
      settings.windowSize,
      settings.threads,
      settings.windows,
    ),
    ours: await ours({
      kind: "score-chunked",
      model,
      textFile,
      windowSize: settings.windowSize,
      windows: settings.windows,
      threads: settings.threads,
      runs: 1,
      evaluator: "native",
    }),
  });

  // The same addon on node-llama-cpp's prebuilt CPU kernels (no OpenMP) instead of the OpenMP
  // CPU backend built at install: separates what those kernels bring from the rest of our code
  // (skipped with --quick).
  const variantEnv = { LOGPROBE_NATIVE_CPU: "0" };
  const variant = !quick;

  if (want("scoring")) {
    log("1. scoring: llama-perplexity vs logprobe (same windows), interleaved");
    const peerRuns = [];
    const oursRuns: Runs = [];
    const variantRuns: Runs = [];
    let oursRss = Number.NaN;
    let oursPerplexity = Number.NaN;
    let oursCpuBackend: unknown = null;
    for (let r = 0; r < settings.scoringRuns; r++) {
      const pair = await scorePair(modelPath);
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
    results.scoring = {
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

  if (want("formats")) {
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
      for (let r = 0; r < settings.scoringRuns; r++) {
        const pair = await scorePair(formatPath);
        peerRuns.push(pair.peer);
        oursRuns.push((pair.ours.runs as Runs)[0]!);
      }
      formats[type] = {
        bytes: statSync(formatPath).size,
        peer: {
          perplexity: peerRuns[0]?.perplexity,
          evaluatedPerSecond: median(peerRuns.map((p) => p.evaluatedPerSecond)),
        },
        ours: {
          perplexity: oursRuns[0]?.perplexity,
          evaluatedPerSecond: med(oursRuns, "evaluatedPerSecond"),
        },
      };
    }
    results.formats = formats;
  }

  if (want("generation")) {
    log("2/3. generation: logprobe (top-20, top-0), node-llama-cpp plain, llama-server (n_probs 20, 0)");
    const oursGen = await ours({
      kind: "generate",
      model: modelPath,
      prompt: GENERATION_PROMPT,
      maxTokens: settings.generationTokens,
      threads: settings.threads,
      runs: settings.generationRuns,
      topLogprobs: [20, 0],
    });
    const plain = await ours({
      kind: "generate-plain",
      model: modelPath,
      prompt: GENERATION_PROMPT,
      maxTokens: settings.generationTokens,
      threads: settings.threads,
      runs: settings.generationRuns,
    });
    const oursVariant = variant
      ? await ours(
          {
            kind: "generate",
            model: modelPath,
            prompt: GENERATION_PROMPT,
            maxTokens: settings.generationTokens,
            threads: settings.threads,
            runs: settings.generationRuns,
            topLogprobs: [20],
          },
          variantEnv,
        )
      : undefined;
    const server = await startLlamaServer(peers.server, modelPath, {
      port: 18181,
      threads: settings.threads,
      slots: 1,
      contextPerSlot: 1024,
    });
    const peer: Record<string, Runs> = { n_probs20: [], n_probs0: [] };
    try {
      await llamaServerGenerate(server.url, GENERATION_PROMPT, 4, 0); // warm-up
      for (let r = 0; r < settings.generationRuns; r++) {
        for (const n of [20, 0]) {
          const run = await llamaServerGenerate(server.url, GENERATION_PROMPT, settings.generationTokens, n);
          peer[`n_probs${n}`]!.push(run);
        }
      }
    } finally {
      peer.maxRssKb = [{ kb: await server.process.stop() }];
    }
    const summarize = (runs: Runs) => ({
      tokens: runs[0]?.tokens,
      tokensPerSecond: med(runs, "tokensPerSecond"),
      ttftMs: med(runs, "ttftMs"),
      runs,
    });
    const o = oursGen.runs as Record<string, Runs>;
    results.generation = {
      ours: {
        evaluator: oursGen.evaluator,
        cpuBackend: oursGen.cpuBackend,
        top20: summarize(o.top20!),
        top0: summarize(o.top0!),
        maxRssKb: oursGen.maxRssKb,
      },
      plain: { ...summarize(plain.runs as Runs), maxRssKb: plain.maxRssKb },
      ...(oursVariant
        ? {
            oursPrebuiltKernels: {
              ...summarize((oursVariant.runs as Record<string, Runs>).top20!),
              maxRssKb: oursVariant.maxRssKb,
            },
          }
        : {}),
      peer: {
        command: server.command,
        n_probs20: summarize(peer.n_probs20!),
        n_probs0: summarize(peer.n_probs0!),
        maxRssKb: peer.maxRssKb?.[0]?.kb,
      },
      loadAverageAfter: load(),
    };
  }

  if (want("server")) {
    log("4. server throughput: logprobe serve vs llama-server, 1/4/8 clients");
    const slots = Math.max(...settings.serverClients);
    const oursServerArgs = (port: number) => [
      "--import",
      "tsx",
      join(root, "src", "cli", "bin.ts"),
      "serve",
      "--model",
      modelPath,
      "--port",
      String(port),
      "--parallel",
      String(slots),
      "--threads",
      String(settings.threads),
      "--context-size",
      String(settings.serverContextPerSlot),
      "--max-queue",
      "64",
    ];
    /** Every client level against one server, in turn; the server is stopped after (its peak RSS). */
    const loadLevels = async (
      url: string,
      stop: () => Promise<number>,
      extra?: Record<string, unknown>,
    ): Promise<{ levels: Awaited<ReturnType<typeof loadTest>>[]; maxRssKb: number }> => {
      const levels = [];
      let maxRssKb: number;
      try {
        for (const clients of settings.serverClients) {
          levels.push(
            await loadTest(url, {
              clients,
              requests: settings.serverRequestsPerClient,
              prompt: GENERATION_PROMPT,
              maxTokens: settings.serverMaxTokens,
              model: basename(modelPath),
              ...(extra ? { extra } : {}),
            }),
          );
        }
      } finally {
        maxRssKb = await stop();
      }
      return { levels, maxRssKb };
    };
    const startOurs = (port: number, env: NodeJS.ProcessEnv = {}) =>
      startProcess(process.execPath, oursServerArgs(port), () => httpOk(`http://127.0.0.1:${port}/health`), {
        env: { ...process.env, ...env },
      });
    const oursServer = await startOurs(18182);
    const oursLoad = await loadLevels("http://127.0.0.1:18182", () => oursServer.stop());
    const peerServer = await startLlamaServer(peers.server, modelPath, {
      port: 18183,
      threads: settings.threads,
      slots,
      contextPerSlot: settings.serverContextPerSlot,
    });
    const peerLoad = await loadLevels(peerServer.url, () => peerServer.process.stop(), {
      ignore_eos: true,
      cache_prompt: false,
    });
    let prebuilt: Awaited<ReturnType<typeof loadLevels>> | undefined;
    if (variant) {
      const variantServer = await startOurs(18184, variantEnv);
      prebuilt = await loadLevels("http://127.0.0.1:18184", () => variantServer.stop());
    }
    results.server = {
      ...(prebuilt
        ? { oursPrebuiltKernels: prebuilt.levels, oursPrebuiltKernelsMaxRssKb: prebuilt.maxRssKb }
        : {}),
      oursCommand: `logprobe serve ${oursServerArgs(18182).slice(4).join(" ")}`,
      peerCommand: peerServer.command,
      ours: oursLoad.levels,
      peer: peerLoad.levels,
      oursMaxRssKb: oursLoad.maxRssKb,
      peerMaxRssKb: peerLoad.maxRssKb,
      loadAverageAfter: load(),
    };
  }

  results.finishedAt = new Date().toISOString();
  // A run of some sections (`--only`) is stored as `only-...` and shown beside the newest full run.
  const kind = quick ? "quick" : only ? "only" : "full";
  const name = `${kind}-${started.toISOString().replace(/[:.]/g, "-")}`;
  mkdirSync(join(benchDir, "results"), { recursive: true });
  const jsonPath = join(benchDir, "results", `${name}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  const fullFiles = readdirSync(join(benchDir, "results"))
    .filter((file) => file.startsWith("full-") && file.endsWith(".json"))
    .sort();
  const shownFile = kind === "full" || fullFiles.length === 0 ? `${name}.json` : fullFiles.at(-1)!;
  const shown =
    shownFile === `${name}.json`
      ? results
      : (JSON.parse(readFileSync(join(benchDir, "results", shownFile), "utf8")) as Record<string, unknown>);
  writeFileSync(
    join(root, "BENCHMARKS.md"),
    renderReport(shown, `bench/results/${shownFile}`, storedRuns(root)),
  );
  log(`wrote ${jsonPath} and BENCHMARKS.md`);
}

await main();
