/**
 * The "Structured output" part of BENCHMARKS.md, from the newest
 * bench/results/structured-output-*.json (written by bench/structured-output.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

// biome-ignore lint/suspicious/noExplicitAny: the results object is plain JSON written by structured-output.ts
type Any = Record<string, any>;

const f = (x: unknown, digits = 1) =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";

/** The section's lines and its goal (text, anchor, met). */
export function renderStructuredOutputBench(root: string): {
  lines: string[];
  goals: [string, string, boolean | undefined][];
} {
  const dir = join(root, "bench", "results");
  const file = readdirSync(dir)
    .filter((name) => name.startsWith("structured-output-") && name.endsWith(".json"))
    .sort()
    .at(-1);
  const goal = "`json_object` generation <= 1.5x the time per token of unconstrained generation";
  if (file === undefined) {
    return {
      lines: ["### Structured output", "", "Not measured yet (`tsx bench/structured-output.ts`).", ""],
      goals: [[goal, "structured-output", undefined]],
    };
  }
  const run = JSON.parse(readFileSync(join(dir, file), "utf8")) as Any;
  const ms = run.perTokenMs as Any;
  return {
    lines: [
      "### Structured output",
      "",
      `Time per generated token with \`response_format: json_object\` (the grammar in the native sampler: the sampled token ` +
        `is checked first, the distribution masked only when it is rejected) against the same generation unconstrained, ` +
        `at temperature 1 with the same seeds, alternating, ${run.repeats} runs of up to ${run.maxTokens} tokens each; medians. ` +
        `Model: the synthetic Qwen2.5-0.5B shape in Q8_0 with Qwen2's real 151,936-token vocabulary (\`${basename(String(run.model))}\`); ` +
        "its random weights make nearly every sampled token invalid JSON, so most steps take the masking path: a worst case. " +
        `From \`bench/results/${file}\` (${run.taken}, ${run.cpu}, ${run.cpus} CPUs, load ${f(run.loadAtStart, 2)} at start, ${f(run.loadAtEnd, 2)} at end).`,
      "",
      "| generation | ms per token | tokens | ratio |",
      "|---|---|---|---|",
      `| unconstrained | ${f(ms.unconstrained)} | ${run.tokens?.unconstrained ?? "n/a"} | 1.00x |`,
      `| \`json_object\` | ${f(ms.json_object)} | ${run.tokens?.json_object ?? "n/a"} | **${f(run.ratio, 2)}x** |`,
      "",
    ],
    goals: [[`${goal} (${f(run.ratio, 2)}x)`, "structured-output", run.ratio <= 1.5]],
  };
}
