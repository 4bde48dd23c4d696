/**
 * Sections 2-3: generation with top-20 logprobs against llama-server `n_probs: 20`, with and
 * without alternatives, against node-llama-cpp's plain generation; time to first token.
 */

import { type BenchContext, load, log, med, ours, type Runs } from "../bench-context.js";
import { GENERATION_PROMPT } from "../corpus.js";
import type { WorkerTask } from "../ours-worker.js";
import { llamaServerGenerate, startLlamaServer } from "../peer-llama.js";

/** Runs the section; its result is stored as `generation`. */
export async function measureGeneration(bench: BenchContext): Promise<Record<string, unknown>> {
  const { settings, modelPath, peers, variant, variantEnv } = bench;
  log("2/3. generation: logprobe (top-20, top-0), node-llama-cpp plain, llama-server (n_probs 20, 0)");
  /** Our generation with these numbers of alternatives, interleaved within each run. */
  const generateTask = (topLogprobs: number[]): WorkerTask => ({
    kind: "generate",
    model: modelPath,
    prompt: GENERATION_PROMPT,
    maxTokens: settings.generationTokens,
    threads: settings.threads,
    runs: settings.generationRuns,
    topLogprobs,
  });
  const oursGen = await ours(generateTask([20, 0]));
  const plain = await ours({
    kind: "generate-plain",
    model: modelPath,
    prompt: GENERATION_PROMPT,
    maxTokens: settings.generationTokens,
    threads: settings.threads,
    runs: settings.generationRuns,
  });
  const oursVariant = variant ? await ours(generateTask([20]), variantEnv) : undefined;
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
  return {
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
