/**
 * `logprobe batch` over a fleet of local `logprobe serve` processes (the test model,
 * stories260K.gguf; greedy): items/s over 1, 2 and 3 servers; the cost of the failover logic on a
 * healthy fleet, against the batch client of the commit before it (`--baseline=REV`, default
 * 75958b2, its src/ extracted with `git archive` into a temporary folder) on the same servers, runs interleaved; and the
 * items/s before and after one of 3 servers is killed mid-run. Writes bench/results/fleet-*.json
 * and re-renders BENCHMARKS.md from the newest full run.
 *
 * Items/s is timed from the first output line to the last (polled every 5 ms), so the client's
 * start-up is not in it. Usage: `npm run bench:fleet [-- --quick] [-- --baseline=REV]`.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { benchDir, load, log, root } from "./bench-context.js";
import { httpOk, type RunningProcess, startProcess } from "./lib/processes.js";
import { median } from "./lib/stats.js";
import { renderReport, storedRuns } from "./report.js";

const quick = process.argv.includes("--quick");
const baseline = process.argv.find((a) => a.startsWith("--baseline="))?.slice(11) ?? "75958b2";
const modelPath = process.env.LOGPROBE_TEST_MODEL ?? join(root, "..", "shared", "models", "stories260K.gguf");
const settings = {
  items: quick ? 150 : 400,
  maxTokens: 32,
  concurrency: 8,
  strategy: "least-busy",
  serverParallel: 4,
  serverThreads: 1,
  runs: quick ? 1 : 3,
  killAtFraction: 1 / 3,
};

const work = mkdtempSync(join(tmpdir(), "logprobe-bench-fleet-"));
const input = join(work, "in.jsonl");
writeFileSync(
  input,
  Array.from({ length: settings.items }, (_, index) =>
    JSON.stringify({
      id: `q${index}`,
      prompt: `Once upon a time ${index}`,
      maxTokens: settings.maxTokens,
      temperature: 0,
    }),
  ).join("\n"),
);

function startServer(port: number): Promise<RunningProcess> {
  const args = ["--import", "tsx", join(root, "src", "cli", "bin.ts"), "serve", "--model", modelPath];
  args.push("--host", "127.0.0.1", "--port", String(port), "--parallel", String(settings.serverParallel));
  args.push("--threads", String(settings.serverThreads), "--context-size", "256", "--gpu", "off");
  return startProcess(process.execPath, args, () => httpOk(`http://127.0.0.1:${port}/health`));
}

function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  const text = readFileSync(path, "utf8");
  let count = 0;
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) count++;
  return count;
}

interface BatchRun {
  itemsPerSecond: number;
  /** CPU seconds (user + system) of the client process (GNU time). */
  cpuSeconds: number;
  failed: number;
  code: number | null;
  /** [ms since the first line, lines] each time the count changed. */
  timeline: [number, number][];
}

/** Runs one batch (the CLI at `cliRoot`) over `urls`; `during` runs after `atLine` lines. */
async function runBatch(
  cliRoot: string,
  urls: readonly string[],
  during?: { atLine: number; action: () => void },
  inputFile = input,
): Promise<BatchRun> {
  const name = Math.random().toString(36).slice(2);
  const out = join(work, `out-${name}.jsonl`);
  const timeFile = join(work, `time-${name}.txt`);
  const args = ["-f", "%U %S", "-o", timeFile, process.execPath];
  args.push("--import", "tsx", join(cliRoot, "src", "cli", "bin.ts"), "batch", inputFile, "--out", out);
  args.push("--provider", "openai-compatible", "--model", "stories260K.gguf");
  args.push("--concurrency", String(settings.concurrency), "--strategy", settings.strategy);
  for (const url of urls) args.push("--base-url", url);
  const child = spawn("/usr/bin/time", args, { cwd: cliRoot, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const timeline: [number, number][] = [];
  let first: number | undefined;
  let done = false;
  let acted = false;
  void exited.then(() => {
    done = true;
  });
  while (!done) {
    const count = lineCount(out);
    const now = performance.now();
    if (count > 0 && first === undefined) first = now;
    if (count > (timeline.at(-1)?.[1] ?? 0)) timeline.push([now - (first ?? now), count]);
    if (during && !acted && count >= during.atLine) {
      acted = true;
      during.action();
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const code = await exited;
  const final = lineCount(out);
  const lines = existsSync(out)
    ? readFileSync(out, "utf8")
        .trim()
        .split("\n")
        .filter((line) => line !== "")
    : [];
  const failed = lines.filter((line) => (JSON.parse(line) as { ok: boolean }).ok === false).length;
  const [user, system] =
    readFileSync(timeFile, "utf8").trim().split("\n").at(-1)?.split(" ").map(Number) ?? [];
  const cpuSeconds = (user ?? Number.NaN) + (system ?? Number.NaN);
  if ((inputFile === input && final !== settings.items) || code !== 0)
    log(`batch over ${urls.length}: code ${code}, ${final} lines\n${stderr}`);
  const [startMs, startCount] = timeline[0] ?? [0, 0];
  const [endMs, endCount] = timeline.at(-1) ?? [0, 0];
  rmSync(out, { force: true });
  return {
    itemsPerSecond: ((endCount - startCount) * 1000) / (endMs - startMs),
    cpuSeconds,
    failed,
    code,
    timeline,
  };
}

/** Items/s between two line counts of a timeline. */
function rateBetween(timeline: [number, number][], from: number, to: number): number {
  const start = timeline.find(([, count]) => count >= from);
  const end = timeline.find(([, count]) => count >= to);
  if (!start || !end || end[0] === start[0]) return Number.NaN;
  return ((end[1] - start[1]) * 1000) / (end[0] - start[0]);
}

async function main(): Promise<void> {
  const takenAt = new Date().toISOString();
  const loadAtStart = load();
  log(`fleet: ${settings.items} items, baseline ${baseline}, load ${loadAtStart}`);
  // The baseline client: the commit before failover, sharing this checkout's node_modules.
  const baselineRoot = join(work, "baseline");
  mkdirSync(baselineRoot);
  const archive = join(work, "baseline.tar");
  execFileSync("git", [
    "-C",
    root,
    "archive",
    "-o",
    archive,
    baseline,
    "src",
    "package.json",
    "tsconfig.json",
  ]);
  execFileSync("tar", ["-xf", archive, "-C", baselineRoot]);
  symlinkSync(join(root, "node_modules"), join(baselineRoot, "node_modules"));
  const baselineCommit = execFileSync("git", ["-C", root, "rev-parse", baseline]).toString().trim();
  const servers = await Promise.all([18301, 18302, 18303].map(startServer));
  const urls = [18301, 18302, 18303].map((port) => `http://127.0.0.1:${port}/v1`);
  const scaling: Record<string, number[]> = { "1": [], "2": [], "3": [] };
  const healthy: { ours: number[]; baseline: number[] } = { ours: [], baseline: [] };
  // Client CPU seconds: for the 3-server runs, and for an empty input (start-up and exit only).
  const cpu = {
    ours: [] as number[],
    baseline: [] as number[],
    oursEmpty: [] as number[],
    baselineEmpty: [] as number[],
  };
  const empty = join(work, "empty.jsonl");
  writeFileSync(empty, "");
  let failedItems = 0;
  try {
    // Warm-up: each server's first requests pay for lazy set-up.
    await runBatch(root, urls);
    for (let run = 0; run < settings.runs; run++) {
      for (const count of [1, 2, 3]) {
        const result = await runBatch(root, urls.slice(0, count));
        failedItems += result.failed;
        scaling[String(count)]?.push(result.itemsPerSecond);
        if (count === 3) {
          healthy.ours.push(result.itemsPerSecond);
          cpu.ours.push(result.cpuSeconds);
        }
      }
      const before = await runBatch(baselineRoot, urls);
      failedItems += before.failed;
      healthy.baseline.push(before.itemsPerSecond);
      cpu.baseline.push(before.cpuSeconds);
      cpu.oursEmpty.push((await runBatch(root, urls, undefined, empty)).cpuSeconds);
      cpu.baselineEmpty.push((await runBatch(baselineRoot, urls, undefined, empty)).cpuSeconds);
      log(`run ${run + 1}: ${JSON.stringify(scaling)} baseline ${healthy.baseline.join(", ")}`);
    }
    // One of 3 servers killed a third of the way in (a fourth server process, so the others stay).
    const victim = await startServer(18304);
    const killUrls = [urls[0], urls[1], "http://127.0.0.1:18304/v1"] as string[];
    const atLine = Math.round(settings.items * settings.killAtFraction);
    const killed = await runBatch(root, killUrls, {
      atLine,
      action: () => {
        void victim.stop();
      },
    });
    const killRun = {
      failed: killed.failed,
      code: killed.code,
      itemsPerSecondBefore: rateBetween(killed.timeline, 1, atLine),
      // From a few items after the kill (the requests it cut fail over) to the end.
      itemsPerSecondAfter: rateBetween(killed.timeline, atLine + settings.concurrency, settings.items),
    };
    const result = {
      takenAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? "unknown",
        cpus: cpus().length,
        node: process.version,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: load(),
      },
      model: "stories260K.gguf",
      settings,
      baseline: { rev: baseline, commit: baselineCommit },
      failedItems,
      itemsPerSecond: Object.fromEntries(
        Object.entries(scaling).map(([count, values]) => [count, median(values)]),
      ),
      runs: scaling,
      // Client CPU milliseconds per item, start-up taken out (median run minus median empty run).
      clientCpuMsPerItem: {
        ours: ((median(cpu.ours) - median(cpu.oursEmpty)) * 1000) / settings.items,
        baseline: ((median(cpu.baseline) - median(cpu.baselineEmpty)) * 1000) / settings.items,
      },
      clientCpu: cpu,
      healthy: {
        ours: median(healthy.ours),
        baseline: median(healthy.baseline),
        oursRuns: healthy.ours,
        baselineRuns: healthy.baseline,
      },
      killRun,
    };
    mkdirSync(join(benchDir, "results"), { recursive: true });
    const file = join(benchDir, "results", `fleet-${takenAt.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    const fullFiles = readdirSync(join(benchDir, "results"))
      .filter((name) => name.startsWith("full-") && name.endsWith(".json"))
      .sort();
    const shownFile = fullFiles.at(-1);
    if (shownFile !== undefined) {
      const shown = JSON.parse(readFileSync(join(benchDir, "results", shownFile), "utf8")) as Record<
        string,
        unknown
      >;
      writeFileSync(
        join(root, "BENCHMARKS.md"),
        renderReport(shown, `bench/results/${shownFile}`, storedRuns(root)),
      );
    }
    log(`wrote ${file} and BENCHMARKS.md`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
