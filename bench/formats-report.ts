/**
 * The "Scoring by model format" tables of BENCHMARKS.md: for each CPU that stored runs measured
 * formats on (bench/sections/formats.ts, full or `--only=formats` runs, not `--isa` ones), the
 * newest such run, titled with the CPU, the instruction sets both sides ran, and the sets the
 * install's kernel proof dropped there (native/kernel-proof/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ratio } from "./lib/stats.js";

// biome-ignore lint/suspicious/noExplicitAny: the results object is plain JSON written by run.ts
type Any = Record<string, any>;

const f = (x: unknown, digits = 1) =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";

/** The newest stored run with `formats` for each CPU model, newest CPU first. */
export function formatsRunsByCpu(root: string): { file: string; run: Any }[] {
  const dir = join(root, "bench", "results");
  const files = readdirSync(dir)
    .filter((name) => /^(full|only)-.*\.json$/.test(name))
    .sort((a, b) => b.replace(/^\w+-/, "").localeCompare(a.replace(/^\w+-/, "")));
  const byCpu = new Map<string, { file: string; run: Any }>();
  for (const file of files) {
    const run = JSON.parse(readFileSync(join(dir, file), "utf8")) as Any;
    if (run.formats === undefined || run.machine?.isa !== undefined || run.settings?.isa !== undefined)
      continue;
    const cpu = String(run.machine?.cpu ?? "unknown CPU");
    if (!byCpu.has(cpu)) byCpu.set(cpu, { file, run });
  }
  return [...byCpu.values()];
}

/** What the kernel proof dropped on the run's machine, in words. */
function droppedText(run: Any): string {
  const dropped = run.machine?.kernelsDropped as { name: string; reason: string }[] | undefined;
  if (dropped === undefined) return "";
  if (dropped.length === 0) return " The kernel proof dropped nothing there.";
  return ` The install's kernel proof dropped ${dropped.map((step) => `${step.name} (${step.reason})`).join(", then ")}, so neither side runs those sets (the peers are built with the proven sets).`;
}

/** One table per CPU, and a goal row per CPU and format. */
export function renderFormats(root: string): {
  lines: string[];
  goals: [string, string, boolean | undefined][];
} {
  const runs = formatsRunsByCpu(root);
  if (runs.length === 0) {
    return {
      lines: ["### Scoring by model format", "", "Not measured yet (`npm run bench -- --only=formats`).", ""],
      goals: [["Scoring F16, Q8_0 and Q4_K_M >= 0.9x llama-perplexity", "formats", undefined]],
    };
  }
  const lines = [
    "### Scoring by model format",
    "",
    "Same windows and threads; each format written from the F32 model by llama.cpp's quantizer. One table per CPU: the newest run on each.",
    "",
  ];
  const goals: [string, string, boolean | undefined][] = [];
  for (const { file, run } of runs) {
    const cpu = run.machine?.cpu ?? "unknown CPU";
    const first = Object.values(run.formats as Record<string, Any>)[0];
    const sets = (first?.ours?.instructionSets as string[] | undefined)?.join(", ") ?? "not recorded";
    lines.push(
      `**${cpu}** (${run.machine?.cpus} CPUs). From \`bench/results/${file}\` (${run.takenAt}, load ${run.machine?.loadAverageAtStart} at start). ` +
        `Our kernels' instruction sets: ${sets}.${droppedText(run)}`,
      "",
      "| format | size | llama-perplexity tok/s | logprobe tok/s | ratio | PPL peer / ours |",
      "|---|---|---|---|---|---|",
    );
    for (const [type, row] of Object.entries(run.formats as Record<string, Any>)) {
      const r = ratio(row.ours.evaluatedPerSecond, row.peer.evaluatedPerSecond);
      lines.push(
        `| ${type} | ${f(row.bytes / 2 ** 20, 0)} MiB | ${f(row.peer.evaluatedPerSecond, 1)} | ${f(row.ours.evaluatedPerSecond, 1)} | ${f(r, 2)}x | ${f(row.peer.perplexity, 4)} / ${f(row.ours.perplexity, 4)} |`,
      );
      goals.push([
        `Scoring ${type} >= 0.9x llama-perplexity on ${cpu} (${f(r, 2)}x)`,
        `formats-${type}`,
        r >= 0.9,
      ]);
    }
    lines.push("");
  }
  return { lines, goals };
}
