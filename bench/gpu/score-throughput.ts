/**
 * logprobe's side of the GPU benchmark: llama-perplexity's scheme (`-c 512 --chunks 32`: windows
 * of 512 tokens, BOS first, the second half scored; src/engine/native/chunked-perplexity.ts) on the
 * native evaluator offloading every layer to the backend library named by LOGPROBE_GPU_BACKEND
 * (the CPU when unset), one window at a time (as `-b 512`) and 16 windows packed into decodes of
 * 8,192 tokens (as `-b 8192`). Prints one JSON array: evaluated tokens/s, perplexity (comparable
 * with llama-perplexity's to 4 digits) and the evaluator that ran, for each packing.
 *
 * Usage: tsx bench/gpu/score-throughput.ts MODEL TEXT_FILE
 */
import { readFileSync } from "node:fs";
import { chunkedPerplexity } from "../../src/engine/native/chunked-perplexity.js";
import { gpuTypeOfLibrary } from "../../src/engine/native/gpu-backend.js";
import { loadNativeAddon } from "../../src/engine/native/native-addon.js";
import { createNativeEvaluator } from "../../src/engine/native/native-evaluator.js";

const WINDOW = 512;
const WINDOWS = 32;

const [modelArgument, textFile] = process.argv.slice(2);
if (!modelArgument || !textFile) throw new Error("usage: score-throughput.ts MODEL TEXT_FILE");
const modelPath: string = modelArgument;

/** The text's tokens with BOS first, as llama-perplexity tokenizes it. */
async function tokenize(): Promise<{ tokens: number[]; bos: number }> {
  loadNativeAddon();
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  const vocab = await llama.loadModel({ modelPath, vocabOnly: true });
  const bos = vocab.tokens.bos;
  if (bos === null) throw new Error("the model has no BOS token");
  const tokens = [bos, ...vocab.tokenize(readFileSync(textFile as string, "utf8"))];
  await vocab.dispose();
  return { tokens: tokens.slice(0, WINDOW * WINDOWS), bos };
}

function gpu(): { library: string; type: string; layers: number } | undefined {
  const library = process.env.LOGPROBE_GPU_BACKEND;
  if (!library) return undefined;
  const type = gpuTypeOfLibrary(library);
  if (type === undefined) throw new Error(`LOGPROBE_GPU_BACKEND=${library} is not a GPU backend library`);
  return { library, type, layers: -1 };
}

async function measure(tokens: number[], bos: number, parallel: number) {
  const device = gpu();
  const evaluator = await createNativeEvaluator(modelPath, {
    contextSize: WINDOW,
    parallel,
    batchSize: WINDOW * parallel,
    ...(device ? { gpu: device } : {}),
  });
  try {
    // Warm-up: the first decode loads kernels and allocates buffers.
    await chunkedPerplexity(evaluator, tokens.slice(0, 2 * WINDOW), WINDOW, bos, Math.min(2, parallel));
    const started = performance.now();
    const result = await chunkedPerplexity(evaluator, tokens, WINDOW, bos, parallel);
    const seconds = (performance.now() - started) / 1000;
    return {
      parallel,
      windows: result.evaluated / WINDOW,
      evaluated: result.evaluated,
      scored: result.scored,
      seconds,
      tokensPerSecond: result.evaluated / seconds,
      perplexity: result.perplexity,
      evaluator: evaluator.info,
    };
  } finally {
    await evaluator.close();
  }
}

const { tokens, bos } = await tokenize();
const results = [];
for (const parallel of [1, 16]) results.push(await measure(tokens, bos, parallel));
console.log(JSON.stringify(results));
