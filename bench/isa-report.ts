/**
 * The instruction-set-level tables of BENCHMARKS.md: scoring by model format from the newest stored
 * run of `bench/run.ts --isa=<level>` (both sides built with that level's instruction sets only),
 * beside the default table, and its goal rows. Such runs are never the report's default run
 * (report.ts leaves them out of its own choices).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ratio } from "./lib/stats.js";

// biome-ignore lint/suspicious/noExplicitAny: results files are plain JSON written by run.ts
type Any = Record<string, any>;

const f = (x: unknown, digits = 1) =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";

/** Whether a stored run was built at an instruction-set level (`--isa`). */
export function isIsaRun(run: Any): boolean {
  return typeof run.settings?.isa === "string";
}

/** Every stored run of `--isa=<isa>` that measured the formats, with its file name, newest first. */
export function isaRuns(root: string, isa: string): { file: string; run: Any }[] {
  const dir = join(root, "bench", "results");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^(full|only)-.*\.json$/.test(name))
    .sort((a, b) => b.replace(/^\w+-/, "").localeCompare(a.replace(/^\w+-/, "")))
    .map((file) => ({ file, run: JSON.parse(readFileSync(join(dir, file), "utf8")) as Any }))
    .filter(({ run }) => run.settings?.isa === isa && run.formats !== undefined);
}

/** The newest stored run of `--isa=<isa>` that measured the formats, with its file name. */
export function latestIsaRun(root: string, isa: string): { file: string; run: Any } | undefined {
  return isaRuns(root, isa)[0];
}

/** What a run computed with, in words: "AVX2 kernels (AVX-512 switched off at build) on ...". */
export function isaLabel(run: Any): string {
  const level = String(run.settings.isa).toUpperCase();
  const cpu = run.machine?.cpu ?? "an unknown CPU";
  const hasAvx512 = (run.machine?.cpuFeatures ?? []).includes("avx512f");
  return hasAvx512
    ? `${level} kernels (AVX-512 switched off at build) on an ${cpu} with AVX-512; not an ${level}-only machine`
    : `${level} kernels on an ${cpu} without AVX-512`;
}

/** Rows of the table: the F32 model when the run measured scoring, then each format. */
function rows(run: Any): [string, Any][] {
  const out: [string, Any][] = [];
  if (run.scoring) out.push(["F32", { ...run.scoring, bytes: run.model?.bytes }]);
  out.push(...(Object.entries(run.formats) as [string, Any][]));
  return out;
}

/** Per-run tokens/s (formats store numbers, scoring stores `{ evaluatedPerSecond }`). */
function runsText(runs: unknown): string {
  if (!Array.isArray(runs)) return "n/a";
  return runs.map((r) => f(typeof r === "number" ? r : r?.evaluatedPerSecond, 0)).join(", ");
}

/** The section's lines (nothing when no `--isa=<isa>` run is stored). */
export function renderIsaFormats(root: string, isa = "avx2"): string[] {
  const found = latestIsaRun(root, isa);
  if (!found) return [];
  const { file, run } = found;
  const kernels = run.isaKernels as Any | undefined;
  const out = [
    `### Scoring by model format, ${isa.toUpperCase()} kernels`,
    "",
    `**${isaLabel(run)}.** Both sides built with ggml's ${isa.toUpperCase()}-level instruction sets only ` +
      `(\`npx tsx bench/run.ts --isa=${isa}\`): llama-perplexity from its own build folder ` +
      `(${(kernels?.peer?.switches ?? []).filter((s: string) => s.endsWith("=ON")).join(", ") || "n/a"}), ` +
      `logprobe on a CPU backend rebuilt with ${(kernels?.ours?.instructionSets ?? []).join(", ") || "n/a"}. ` +
      "Checked in the run: every llama-perplexity `system_info` line and every worker's ggml system information " +
      "list no instruction set above the level; AVX-512 registers in the disassembly of the CPU backends: " +
      `peer ${kernels?.peer?.avx512RegisterUses ?? "n/a"}, ours ${kernels?.ours?.avx512RegisterUses ?? "n/a"}. ` +
      `From \`bench/results/${file}\` (${run.takenAt}, ${run.settings.threads} threads, load (1 min) ` +
      `${run.machine?.loadAverageAtStart} at start and ${run.machine?.loadAverageAtEnd ?? "n/a"} at the end, ` +
      `which counts the benchmark's own threads). Evaluated tokens/s, median of ${run.settings.scoringRuns} ` +
      "runs per side, the two sides taking turns." +
      ((run.machine?.cpuFeatures ?? []).includes("avx512f")
        ? " The table above is the default build on the same kind of machine: both sides with every instruction set the CPU proves to run, AVX-512 included."
        : ""),
    "",
    "| model | size | llama-perplexity tok/s | logprobe tok/s | ratio | PPL peer / ours | runs, peer / ours |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const [type, row] of rows(run)) {
    out.push(
      `| ${type} | ${f(row.bytes / 2 ** 20, 0)} MiB | ${f(row.peer.evaluatedPerSecond)} | ${f(row.ours.evaluatedPerSecond)} | ` +
        `${f(ratio(row.ours.evaluatedPerSecond, row.peer.evaluatedPerSecond), 2)}x | ${f(row.peer.perplexity, 4)} / ${f(row.ours.perplexity, 4)} | ` +
        `${runsText(row.peer.runs)} / ${runsText(row.ours.runs)} |`,
    );
  }
  out.push("");
  return out;
}

/**
 * Goal rows for the formats of the newest `--isa=<isa>` run: [goal, met in that run]; with more
 * than one such run stored, the goal names the lowest ratio over them.
 */
export function isaGoals(root: string, isa = "avx2"): [string, boolean | undefined][] {
  const runs = isaRuns(root, isa);
  const level = isa.toUpperCase();
  if (runs.length === 0)
    return [[`Scoring F16, Q8_0 and Q4_K_M >= 0.9x llama-perplexity, ${level} kernels`, undefined]];
  const rowRatio = (row: Any | undefined) =>
    ratio(row?.ours?.evaluatedPerSecond, row?.peer?.evaluatedPerSecond);
  return (Object.entries(runs[0]!.run.formats) as [string, Any][]).map(([type, row]) => {
    const r = rowRatio(row);
    const lowest = Math.min(...runs.map(({ run }) => rowRatio(run.formats[type])).filter(Number.isFinite));
    const over =
      runs.length > 1 ? `; lowest over the ${runs.length} stored ${level} runs ${f(lowest, 2)}x` : "";
    return [`Scoring ${type} >= 0.9x llama-perplexity, ${level} kernels (${f(r, 2)}x${over})`, r >= 0.9];
  });
}
