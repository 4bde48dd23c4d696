/**
 * Structured output's cost per generated token (issue 26's goal: `json_object` <= 1.5x the time per
 * token of the same unconstrained generation), on the synthetic Qwen2.5-0.5B shape with Qwen2's
 * real 151,936-token vocabulary (`tsx bench/make-synthetic-gguf.ts --shape qwen2.5-0.5b --type
 * q8_0 --vocab qwen2`). Both sides run in this process on the native evaluator at chat's default
 * temperature 1 with the same seeds, alternating, so that load on the machine hits both alike;
 * the medians of the per-token times are compared. Random weights make nearly every sampled token
 * invalid JSON, so most steps take the grammar's rejection path (a mask over the whole
 * vocabulary): a worst case for the check-first sampler.
 *
 * Usage: tsx bench/structured-output.ts [MODEL] (default bench/models/synthetic-qwen2.5-0.5b-q8_0-qwen2-vocab.gguf)
 * Writes bench/results/structured-output-<time>.json and prints the table row.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadModel } from "../src/engine/index.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const modelPath = resolve(
  process.argv[2] ?? resolve(benchDir, "models", "synthetic-qwen2.5-0.5b-q8_0-qwen2-vocab.gguf"),
);
const repeats = 3;
const maxTokens = 32;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const loadAtStart = loadavg()[0]!;
const model = await loadModel({ model: modelPath, contextSize: 512, gpu: false });
const cases = { unconstrained: [] as number[], json_object: [] as number[] };
const tokens = { unconstrained: 0, json_object: 0 };
try {
  const base = { prompt: "Reply in JSON. Once upon a time", maxTokens, sampling: { temperature: 1 } };
  await model.generate({ ...base, maxTokens: 4, sampling: { temperature: 1, seed: 99 } });
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const name of ["unconstrained", "json_object"] as const) {
      const started = performance.now();
      const result = await model.generate({
        ...base,
        sampling: { temperature: 1, seed: repeat + 1 },
        ...(name === "json_object" ? { responseFormat: { type: "json_object" as const } } : {}),
      });
      const elapsed = performance.now() - started;
      const count = Math.max(1, result.usage.completionTokens);
      cases[name].push(elapsed / count);
      tokens[name] += count;
    }
  }
} finally {
  await model.close();
}
const perToken = { unconstrained: median(cases.unconstrained), json_object: median(cases.json_object) };
const ratio = perToken.json_object / perToken.unconstrained;
const record = {
  taken: new Date().toISOString(),
  model: modelPath,
  cpu: cpus()[0]?.model ?? "unknown",
  cpus: cpus().length,
  loadAtStart,
  loadAtEnd: loadavg()[0]!,
  repeats,
  maxTokens,
  perTokenMs: perToken,
  samplesMs: cases,
  tokens,
  ratio,
  node: process.version,
  package: (JSON.parse(readFileSync(resolve(benchDir, "..", "package.json"), "utf8")) as { version: string })
    .version,
};
const resultsDir = resolve(benchDir, "results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  resolve(resultsDir, `structured-output-${record.taken.replace(/[:.]/g, "-")}.json`),
  `${JSON.stringify(record, null, 2)}\n`,
);
console.log("| generation, temperature 1, Qwen2 vocabulary | ms/token | ratio |");
console.log("| --- | --- | --- |");
console.log(`| unconstrained | ${perToken.unconstrained.toFixed(1)} | 1.00x |`);
console.log(
  `| json_object (native grammar, checked first) | ${perToken.json_object.toFixed(1)} | ${ratio.toFixed(2)}x |`,
);
console.log(
  `(${record.cpu}, ${record.cpus} CPUs, load ${loadAtStart.toFixed(1)} -> ${record.loadAtEnd.toFixed(1)})`,
);
