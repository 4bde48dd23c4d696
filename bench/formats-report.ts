/** The "Scoring by model format" table of BENCHMARKS.md, from a run's `formats` section (bench/sections/formats.ts). */
import { ratio } from "./lib/stats.js";

// biome-ignore lint/suspicious/noExplicitAny: the results object is plain JSON written by run.ts
type Any = Record<string, any>;

const f = (x: unknown, digits = 1) =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";

/** Scoring by model format (F16, Q8_0, Q4_K_M), when the run measured it. */
export function formatsTable(formats: Any | undefined, from?: { file: string; run: Any }): string[] {
  if (formats === undefined) {
    return [
      "### Scoring by model format",
      "",
      "Not measured in this run (the F16, Q8_0 and Q4_K_M section, `--only=formats`, came after it).",
      "",
    ];
  }
  const out = [
    "### Scoring by model format",
    "",
    "Same windows and threads; each format written from the F32 model by llama.cpp's quantizer." +
      (from
        ? ` From \`bench/results/${from.file}\` (${from.run.takenAt}, ${from.run.machine?.cpu}, load ${from.run.machine?.loadAverageAtStart} at start), a run of this section alone.`
        : ""),
    "",
    "| format | size | llama-perplexity tok/s | logprobe tok/s | ratio | PPL peer / ours |",
    "|---|---|---|---|---|---|",
  ];
  for (const [type, row] of Object.entries(formats as Record<string, Any>)) {
    out.push(
      `| ${type} | ${f(row.bytes / 2 ** 20, 0)} MiB | ${f(row.peer.evaluatedPerSecond, 1)} | ${f(row.ours.evaluatedPerSecond, 1)} | ${f(ratio(row.ours.evaluatedPerSecond, row.peer.evaluatedPerSecond), 2)}x | ${f(row.peer.perplexity, 4)} / ${f(row.ours.perplexity, 4)} |`,
    );
  }
  out.push("");
  return out;
}
