/**
 * Runs one of logprobe's measurements in its own process (so that its peak RSS is its own) and
 * prints `RESULT <json>` on stdout. Started by bench/run.ts as
 * `node --import tsx bench/ours-worker.ts '<json task>'`.
 */
import { readFileSync } from "node:fs";
import { loadModel } from "../src/engine/index.js";
import { createLlamaEvaluator } from "../src/engine/llama-evaluator.js";
import { chunkedPerplexity } from "../src/engine/native/chunked-perplexity.js";
import { loadNativeAddon } from "../src/engine/native/native-addon.js";
import { createNativeEvaluator } from "../src/engine/native/native-evaluator.js";

/** What the worker can measure. */
export type WorkerTask =
  | {
      kind: "score-chunked";
      model: string;
      textFile: string;
      windowSize: number;
      windows: number;
      threads: number;
      runs: number;
      evaluator: "native" | "node-llama-cpp";
      /** Windows evaluated at once on separate sequences, packed into decodes (default 1). */
      parallel?: number;
    }
  | {
      kind: "score-engine";
      model: string;
      textFile: string;
      contextSize: number;
      threads: number;
      runs: number;
    }
  | {
      kind: "generate";
      model: string;
      prompt: string;
      maxTokens: number;
      threads: number;
      runs: number;
      topLogprobs: number[];
    }
  | {
      kind: "generate-plain";
      model: string;
      prompt: string;
      maxTokens: number;
      threads: number;
      runs: number;
    };

/** One timed generation. */
export interface GenerationRun {
  tokens: number;
  /** Milliseconds from the call to the first generated token. */
  ttftMs: number;
  /** Tokens per second after the first token: (tokens - 1) / (t_last - t_first). */
  tokensPerSecond: number;
}

/**
 * The text's tokens after BOS, and ggml's system information (`llama.systemInfo`): its `CPU :`
 * part lists the instruction sets compiled into the CPU backend llama.cpp computes with.
 */
async function tokenize(
  model: string,
  text: string,
): Promise<{ tokens: number[]; bos: number; systemInfo: string }> {
  // The addon first: it registers the CPU backend built on this machine before node-llama-cpp's.
  loadNativeAddon();
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  const vocab = await llama.loadModel({ modelPath: model, vocabOnly: true });
  const bos = vocab.tokens.bos;
  if (bos === null) throw new Error("the model has no BOS token");
  const tokens = [bos, ...vocab.tokenize(text)];
  await vocab.dispose();
  return { tokens, bos, systemInfo: llama.systemInfo };
}

async function scoreChunked(task: Extract<WorkerTask, { kind: "score-chunked" }>) {
  const all = await tokenize(task.model, readFileSync(task.textFile, "utf8"));
  const tokens = all.tokens.slice(0, task.windows * task.windowSize);
  const bos = all.bos;
  const parallel = task.parallel ?? 1;
  let evaluator: Awaited<ReturnType<typeof createNativeEvaluator>>;
  let dispose = async () => {};
  if (task.evaluator === "native") {
    evaluator = await createNativeEvaluator(task.model, {
      contextSize: task.windowSize,
      parallel,
      threads: task.threads,
      batchSize: task.windowSize * parallel,
    });
  } else {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: task.model });
    evaluator = await createLlamaEvaluator(model, {
      contextSize: task.windowSize,
      parallel,
      threads: task.threads,
      batchSize: task.windowSize,
    });
    dispose = () => model.dispose();
  }
  const runs = [];
  for (let r = 0; r < task.runs; r++) {
    const started = performance.now();
    const result = await chunkedPerplexity(evaluator, tokens, task.windowSize, bos, parallel);
    const seconds = (performance.now() - started) / 1000;
    runs.push({
      ...result,
      seconds,
      evaluatedPerSecond: result.evaluated / seconds,
      scoredPerSecond: result.scored / seconds,
    });
  }
  await evaluator.close();
  await dispose();
  return { tokens: tokens.length, runs, systemInfo: all.systemInfo };
}

async function scoreEngine(task: Extract<WorkerTask, { kind: "score-engine" }>) {
  const text = readFileSync(task.textFile, "utf8");
  const model = await loadModel({
    model: task.model,
    threads: task.threads,
    contextSize: task.contextSize,
    gpu: false,
  });
  const runs = [];
  for (let r = 0; r < task.runs; r++) {
    const started = performance.now();
    const result = await model.score({ text });
    const seconds = (performance.now() - started) / 1000;
    const scored = result.sequence.tokens.filter((t) => t.logprob !== null).length;
    runs.push({ perplexity: result.perplexity, scored, seconds, scoredPerSecond: scored / seconds });
  }
  const evaluator = model.evaluator.name;
  await model.close();
  return { evaluator, runs };
}

async function generate(task: Extract<WorkerTask, { kind: "generate" }>) {
  const model = await loadModel({
    model: task.model,
    threads: task.threads,
    contextSize: 1024,
    gpu: false,
    maxTopLogprobs: 20,
  });
  const runs: Record<string, GenerationRun[]> = {};
  for (let r = 0; r < task.runs; r++) {
    // Settings interleaved within each run so that both see the same machine load.
    for (const topLogprobs of task.topLogprobs) {
      const started = performance.now();
      let first = 0;
      let last = 0;
      let tokens = 0;
      for await (const event of model.stream({
        prompt: task.prompt,
        maxTokens: task.maxTokens,
        topLogprobs,
      })) {
        if (event.type !== "token") continue;
        last = performance.now();
        if (tokens === 0) first = last;
        tokens++;
      }
      const key = `top${topLogprobs}`;
      runs[key] = runs[key] ?? [];
      runs[key].push({
        tokens,
        ttftMs: first - started,
        tokensPerSecond: ((tokens - 1) / (last - first)) * 1000,
      });
    }
  }
  const evaluator = model.evaluator.name;
  await model.close();
  return { evaluator, runs };
}

async function generatePlain(task: Extract<WorkerTask, { kind: "generate-plain" }>) {
  // The addon first: it registers the CPU backend built on this machine before node-llama-cpp's.
  loadNativeAddon();
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: task.model });
  const context = await model.createContext({ contextSize: 1024, threads: task.threads });
  const sequence = context.getSequence();
  const prompt = model.tokenize(task.prompt);
  const bos = model.tokens.bos;
  const runs: GenerationRun[] = [];
  for (let r = 0; r < task.runs; r++) {
    await sequence.clearHistory();
    const started = performance.now();
    let first = 0;
    let last = 0;
    let tokens = 0;
    for await (const _token of sequence.evaluate(bos !== null ? [bos, ...prompt] : prompt, {
      temperature: 0,
    })) {
      last = performance.now();
      if (tokens === 0) first = last;
      tokens++;
      if (tokens >= task.maxTokens) break;
    }
    runs.push({ tokens, ttftMs: first - started, tokensPerSecond: ((tokens - 1) / (last - first)) * 1000 });
  }
  await context.dispose();
  await model.dispose();
  return { evaluator: "node-llama-cpp (no logprobs)", runs };
}

const task = JSON.parse(process.argv[2] ?? "{}") as WorkerTask;
const result =
  task.kind === "score-chunked"
    ? await scoreChunked(task)
    : task.kind === "score-engine"
      ? await scoreEngine(task)
      : task.kind === "generate"
        ? await generate(task)
        : await generatePlain(task);
const addon = loadNativeAddon();
const libraries = addon.available ? addon.binsDir : `unavailable: ${addon.reason}`;
// The CPU kernels llama.cpp computed with: the OpenMP backend built at install (or the one that
// LOGPROBE_NATIVE_BUILD_DIR's addon.json names) with the instruction sets it was built with, or
// null for node-llama-cpp's prebuilt variant.
const cpuBackend = addon.available ? addon.cpuBackend : null;
const instructionSets = cpuBackend !== null ? (addon.cpuKernels.instructionSets ?? null) : null;
const maxRssKb = process.resourceUsage().maxRSS;
console.log(`RESULT ${JSON.stringify({ ...result, libraries, cpuBackend, instructionSets, maxRssKb })}`);
