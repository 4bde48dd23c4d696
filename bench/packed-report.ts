/** The "Packed scoring" part of BENCHMARKS.md, from a run's `packed` section (bench/sections/packed-scoring.ts). */
import { ratio } from "./lib/stats.js";

// biome-ignore lint/suspicious/noExplicitAny: the results object is plain JSON written by run.ts
type Any = Record<string, any>;

const f = (x: unknown, digits = 1) =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";

/**
 * The table and its goal: logprobe's packed windows against llama-perplexity's, `from` naming the
 * run when it is not the report's own.
 */
export function renderPackedScoring(
  packed: Any | undefined,
  from?: { file: string; run: Any },
): { lines: string[]; goal: [string, string, boolean | undefined] } {
  if (packed === undefined) {
    return {
      lines: ["### Packed scoring", "", "Not measured yet (`npm run bench -- --only=packed`).", ""],
      goal: ["Packed scoring >= 0.9x llama-perplexity with the same packing", "packed", undefined],
    };
  }
  const r = ratio(packed.ours.evaluatedPerSecond, packed.peer.evaluatedPerSecond);
  const command = String(packed.peer.command)
    .replace(/ -m \S+/, " -m MODEL")
    .replace(/ -f \S+/, " -f TEXT");
  return {
    lines: [
      "### Packed scoring",
      "",
      `${packed.windows} windows, ${packed.sequences} evaluated at once on separate sequences that share each ` +
        `decode of up to ${packed.batchSize} tokens: llama-perplexity's \`-b\` larger than \`-c\` against ` +
        "logprobe's `chunkedPerplexity` with that many windows in flight on the native evaluator (the path of " +
        "`score A B C --parallel`, `batch`, `classify`, `calibrate` and the server)." +
        (from
          ? ` From \`bench/results/${from.file}\` (${from.run.takenAt}, load ${from.run.machine?.loadAverageAtStart} at start).`
          : ""),
      "",
      "| | evaluated tokens/s | perplexity |",
      "|---|---|---|",
      `| llama-perplexity (\`${command}\`) | ${f(packed.peer.evaluatedPerSecond)} | ${f(packed.peer.perplexity, 4)} |`,
      `| logprobe, ${packed.sequences} sequences, batch ${packed.batchSize} | ${f(packed.ours.evaluatedPerSecond)} | ${f(packed.ours.perplexity, 4)} |`,
      "",
      `Ratio: **${f(r, 2)}x**.`,
      "",
    ],
    goal: [
      `Packed scoring (${packed.sequences} windows per decode) >= 0.9x llama-perplexity with the same packing (${f(r, 2)}x)`,
      "packed",
      r >= 0.9,
    ],
  };
}
