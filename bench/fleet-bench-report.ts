/**
 * The "Batch over several servers" part of BENCHMARKS.md, from the newest
 * bench/results/fleet-*.json (written by bench/batch-fleet.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ratio } from "./lib/stats.js";

// biome-ignore lint/suspicious/noExplicitAny: the results object is plain JSON written by batch-fleet.ts
type Any = Record<string, any>;

const f = (x: unknown, digits = 1) =>
  typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";

/** The newest fleet run stored under `root`/bench/results, with its file name. */
function latestFleetRun(root: string): { file: string; run: Any } | undefined {
  const dir = join(root, "bench", "results");
  const file = readdirSync(dir)
    .filter((name) => name.startsWith("fleet-") && name.endsWith(".json"))
    .sort()
    .at(-1);
  return file === undefined
    ? undefined
    : { file, run: JSON.parse(readFileSync(join(dir, file), "utf8")) as Any };
}

/** The section's lines and its goals (text, anchor, met). */
export function renderFleetBench(root: string): {
  lines: string[];
  goals: [string, string, boolean | undefined][];
} {
  const latest = latestFleetRun(root);
  if (latest === undefined) {
    return {
      lines: ["### Batch over several servers", "", "Not measured yet (`npm run bench:fleet`).", ""],
      goals: [["Failover logic costs <= 2% on a healthy fleet", "fleet", undefined]],
    };
  }
  const { file, run } = latest;
  const s = run.settings as Any;
  const one = run.itemsPerSecond["1"];
  const throughputCost = (ratio(run.healthy.baseline, run.healthy.ours) - 1) * 100;
  // The logic's own cost: the client's extra CPU per item, as a share of the time per item.
  const cpuMs = run.clientCpuMsPerItem as Any | undefined;
  const extraMs = cpuMs ? cpuMs.ours - cpuMs.baseline : Number.NaN;
  const cost = (extraMs / (1000 / run.healthy.ours)) * 100;
  const after = ratio(run.killRun.itemsPerSecondAfter, run.killRun.itemsPerSecondBefore);
  return {
    lines: [
      "### Batch over several servers",
      "",
      `\`logprobe batch\` over 1, 2 and 3 \`logprobe serve\` processes on this machine (${run.model}, ` +
        `\`--parallel ${s.serverParallel} --threads ${s.serverThreads}\` each), ${s.items} greedy items of ${s.maxTokens} tokens, ` +
        `\`--concurrency ${s.concurrency} --strategy ${s.strategy}\`; items/s from the first output line to the last, median of ${s.runs}. ` +
        `From \`bench/results/${file}\` (${run.takenAt}, ${run.machine.cpu}, ${run.machine.cpus} CPUs, load ${run.machine.loadAverageAtStart} at start, ${run.machine.loadAverageAtEnd} at end). ` +
        `All servers share the machine's ${run.machine.cpus} cores, so the scaling is bounded by the cores, not by the client: on separate machines each server adds its own.`,
      "",
      "| servers | items/s | vs 1 server |",
      "|---|---|---|",
      ...["1", "2", "3"].map(
        (count) =>
          `| ${count} | ${f(run.itemsPerSecond[count])} | ${f(ratio(run.itemsPerSecond[count], one), 2)}x |`,
      ),
      "",
      `Failover logic on a healthy fleet of 3, against the batch client of commit ${String(run.baseline.commit).slice(0, 7)} ` +
        `(before failover; same servers, runs interleaved): the client spends ${f(cpuMs?.ours, 3)} ms of CPU per item against ` +
        `${f(cpuMs?.baseline, 3)} ms (GNU time, user + system, start-up taken out with an empty input), so the logic costs ` +
        `${f(extraMs, 3)} ms per item, **${f(cost, 2)}%** of the ${f(1000 / run.healthy.ours, 1)} ms each item takes at this rate. ` +
        `Items/s: ${f(run.healthy.ours)} against ${f(run.healthy.baseline)} (${f(throughputCost)}%; runs ` +
        `${run.healthy.oursRuns.map((x: number) => f(x)).join(", ")} / ${run.healthy.baselineRuns.map((x: number) => f(x)).join(", ")}), ` +
        "which the load on these shared cores moves more from run to run than any client-side cost could.",
      "",
      `One of 3 servers killed (SIGKILL) a third of the way in: ${run.killRun.failed} failed items; ${f(run.killRun.itemsPerSecondBefore)} items/s ` +
        `before, ${f(run.killRun.itemsPerSecondAfter)} after (**${f(after, 2)}x**). Failed items over every run: ${run.failedItems}.`,
      "",
    ],
    goals: [
      [`Failover logic costs <= 2% on a healthy fleet (${f(cost)}%)`, "fleet", cost <= 2],
      [
        `Killing 1 of 3 servers: 0 failed items (${run.killRun.failed}) and >= 0.6x items/s afterwards (${f(after, 2)}x)`,
        "fleet",
        run.killRun.failed === 0 && after >= 0.6,
      ],
    ],
  };
}
