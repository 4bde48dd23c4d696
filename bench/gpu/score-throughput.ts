/**
 * logprobe's side of the GPU benchmark: evaluated tokens per second scoring the benchmark text
 * with the native path offloading every layer (`gpuLayers: "max"`), one window of 512 tokens at a
 * time (as `llama-perplexity -c 512 -b 512`) and 16 windows packed into one decode of 8,192
 * tokens. Prints one JSON object with tokens/s, perplexity and the evaluator that ran.
 *
 * Usage: tsx bench/gpu/score-throughput.ts MODEL TEXT_FILE
 */
import { readFileSync } from "node:fs";
import { loadModel } from "../../src/engine/index.js";

const [modelArgument, textFile] = process.argv.slice(2);
if (!modelArgument || !textFile) throw new Error("usage: score-throughput.ts MODEL TEXT_FILE");
const modelPath: string = modelArgument;
const text = readFileSync(textFile, "utf8");

async function measure(parallel: number) {
  const model = await loadModel({
    model: modelPath,
    gpu: "auto",
    gpuLayers: "max",
    contextSize: 512,
    parallel,
    batchSize: 512 * parallel,
  });
  try {
    const ids = await model.tokenize(text);
    // Windows of 512 tokens (BOS-less text pieces), detokenized so each request is plain text.
    const windows: string[] = [];
    for (let start = 0; start + 511 <= ids.length && windows.length < 32; start += 511)
      windows.push(await model.detokenize(ids.slice(start, start + 511)));
    await model.score({ text: windows[0]! });
    const started = performance.now();
    let scored = 0;
    let logprobSum = 0;
    for (let i = 0; i < windows.length; i += parallel) {
      const results = await Promise.all(
        windows.slice(i, i + parallel).map((window) => model.score({ text: window })),
      );
      for (const result of results) {
        for (const token of result.sequence.tokens) {
          if (token.logprob === null) continue;
          scored++;
          logprobSum += token.logprob;
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      parallel,
      windows: windows.length,
      scored,
      seconds,
      tokensPerSecond: scored / seconds,
      perplexity: Math.exp(-logprobSum / scored),
      evaluator: model.evaluator,
    };
  } finally {
    await model.close();
  }
}

const results = [];
for (const parallel of [1, 16]) results.push(await measure(parallel));
console.log(JSON.stringify(results));
