/**
 * Measurements of the llama.cpp peers: `llama-perplexity` (scoring) and `llama-server` (generation
 * with `n_probs`, and an OpenAI-compatible endpoint for the concurrency test).
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { httpOk, type RunningProcess, runProcess, startProcess } from "./lib/processes.js";

/** One llama-perplexity run. */
export interface PerplexityRun {
  perplexity: number;
  /** Per-window running perplexities as printed (`[i]value`). */
  perWindow: number[];
  /** Seconds from "calculating perplexity" to "Final estimate" in its own log (evaluation only). */
  seconds: number;
  evaluated: number;
  scored: number;
  evaluatedPerSecond: number;
  scoredPerSecond: number;
  wallSeconds: number;
  maxRssKb: number;
  command: string;
  /** Its `system_info:` line: threads and the CPU backend's compiled-in instruction sets. */
  systemInfo: string;
}

/** llama.cpp's log timestamps "M.SS.mmm.uuu" (minutes, seconds, ms, µs) in seconds. */
function logSeconds(line: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)/.exec(line.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) / 1000 + Number(m[4]) / 1e6;
}

/**
 * Runs `llama-perplexity -c window -b batch -t threads --chunks chunks` on a text file (`batch`
 * defaults to the window; `batch = n * window` evaluates n windows at once on n sequences). Its
 * asynchronous logger sometimes loses its last lines at exit on a busy machine: such a run is
 * repeated (up to 3 attempts).
 */
export async function runLlamaPerplexity(
  binary: string,
  model: string,
  textFile: string,
  windowSize: number,
  threads: number,
  chunks: number,
  batchSize = windowSize,
): Promise<PerplexityRun> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await runLlamaPerplexityOnce(binary, model, textFile, windowSize, threads, chunks, batchSize);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function runLlamaPerplexityOnce(
  binary: string,
  model: string,
  textFile: string,
  windowSize: number,
  threads: number,
  chunks: number,
  batchSize: number,
): Promise<PerplexityRun> {
  const args = [
    "-m",
    model,
    "-f",
    textFile,
    "-c",
    String(windowSize),
    "-b",
    String(batchSize),
    "-t",
    String(threads),
  ];
  args.push("--chunks", String(chunks));
  // Its asynchronous logger can drop the last lines of a pipe at exit; the log file has them all.
  const logFile = join(mkdtempSync(join(tmpdir(), "logprobe-ppl-")), "perplexity.log");
  const result = await runProcess(binary, [...args, "--log-file", logFile], { timeoutMs: 600_000 });
  // Its logger may write a line to the log file, the pipe or both: read every source.
  const sources = [existsSync(logFile) ? readFileSync(logFile, "utf8") : "", result.stdout, result.stderr];
  const log = sources.join("\n");
  const lines = log.split("\n");
  const start = lines.find((l) => l.includes("calculating perplexity over"));
  const windows = Number(/over (\d+) chunks/.exec(start ?? "")?.[1]);
  const perWindow = sources
    .map((text) => [...text.matchAll(/\[(\d+)\]([\d.]+),/g)].map((m) => Number(m[2])))
    .reduce((best, next) => (next.length > best.length ? next : best), [] as number[]);
  const finalLine = lines.find((l) => l.includes("Final estimate"));
  const final = /Final estimate: PPL = ([\d.]+)/.exec(finalLine ?? "");
  if (result.code !== 0 || !start || !final || perWindow.length !== windows) {
    throw new Error(`llama-perplexity failed (code ${result.code}):\n${log.slice(-3000)}`);
  }
  const systemInfo = lines.find((l) => l.includes("system_info:"))?.trim() ?? "";
  const perplexity = Number(final[1]);
  const seconds = logSeconds(finalLine ?? "") - logSeconds(start);
  const evaluated = windows * windowSize;
  const scored = windows * (windowSize - Math.floor(windowSize / 2) - 1);
  return {
    perplexity,
    perWindow,
    seconds,
    evaluated,
    scored,
    evaluatedPerSecond: evaluated / seconds,
    scoredPerSecond: scored / seconds,
    wallSeconds: result.wallMs / 1000,
    maxRssKb: result.maxRssKb,
    command: `llama-perplexity ${args.join(" ")}`,
    systemInfo,
  };
}

/** A running llama-server. */
export interface LlamaServer {
  url: string;
  process: RunningProcess;
  command: string;
}

/** Starts llama-server with `slots` parallel slots of `contextPerSlot` tokens each. */
export async function startLlamaServer(
  binary: string,
  model: string,
  options: { port: number; threads: number; slots: number; contextPerSlot: number },
): Promise<LlamaServer> {
  const args = [
    "-m",
    model,
    "--host",
    "127.0.0.1",
    "--port",
    String(options.port),
    "-t",
    String(options.threads),
    "-tb",
    String(options.threads),
    "-np",
    String(options.slots),
    "-c",
    String(options.slots * options.contextPerSlot),
    "--no-webui",
  ];
  const url = `http://127.0.0.1:${options.port}`;
  const process = await startProcess(binary, args, () => httpOk(`${url}/health`));
  return { url, process, command: `llama-server ${args.join(" ")}` };
}

/**
 * One streamed greedy completion from llama-server's native `/completion` endpoint with
 * `n_probs` alternatives per token; times the first token and the rate after it (client side).
 */
export async function llamaServerGenerate(
  url: string,
  prompt: string,
  maxTokens: number,
  nProbs: number,
): Promise<{ tokens: number; ttftMs: number; tokensPerSecond: number; probsPerToken: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/completion`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      prompt,
      n_predict: maxTokens,
      n_probs: nProbs,
      temperature: 0,
      ignore_eos: true,
      stream: true,
      cache_prompt: false,
    }),
  });
  if (!response.ok || !response.body)
    throw new Error(`llama-server answered ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffer = "";
  let tokens = 0;
  let first = 0;
  let last = 0;
  let probsPerToken = 0;
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      if (!line.startsWith("data: ")) continue;
      const data = JSON.parse(line.slice(6)) as {
        stop?: boolean;
        tokens?: number[];
        completion_probabilities?: { top_logprobs?: unknown[] }[];
      };
      if (data.stop) continue;
      const count = data.completion_probabilities?.length ?? data.tokens?.length ?? 1;
      if (count === 0) continue;
      last = performance.now();
      if (tokens === 0) first = last;
      tokens += count;
      probsPerToken = data.completion_probabilities?.[0]?.top_logprobs?.length ?? probsPerToken;
    }
  }
  return {
    tokens,
    ttftMs: first - started,
    tokensPerSecond: ((tokens - 1) / (last - first)) * 1000,
    probsPerToken,
  };
}
