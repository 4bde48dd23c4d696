/**
 * Section 4: server throughput with 1, 4 and 8 clients: `logprobe serve` against llama-server
 * (and logprobe serve on node-llama-cpp's prebuilt kernels).
 */
import { basename, join } from "node:path";
import { type BenchContext, load, log, root } from "../bench-context.js";
import { GENERATION_PROMPT } from "../corpus.js";
import { httpOk, startProcess } from "../lib/processes.js";
import { startLlamaServer } from "../peer-llama.js";
import { loadTest } from "../server-load.js";

/** Runs the section; its result is stored as `server`. */
export async function measureServer(bench: BenchContext): Promise<Record<string, unknown>> {
  const { settings, modelPath, peers, variant, variantEnv } = bench;
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
  return {
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
