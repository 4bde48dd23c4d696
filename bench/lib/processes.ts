/**
 * Child processes for benchmarks, each under GNU time so that peak resident memory (RSS) is
 * measured the same way for every program, ours and the peers'.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Result of a finished child. */
export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size in KiB (GNU time %M), NaN when unavailable. */
  maxRssKb: number;
}

const TIME = "/usr/bin/time";

function timeFile(): string {
  return join(mkdtempSync(join(tmpdir(), "logprobe-bench-")), "time.txt");
}

function readMaxRss(file: string): number {
  if (!existsSync(file)) return Number.NaN;
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const value = Number(lines[lines.length - 1]);
  return Number.isFinite(value) ? value : Number.NaN;
}

function wrapped(command: string, args: string[], file: string): [string, string[]] {
  return existsSync(TIME) ? [TIME, ["-f", "%M", "-o", file, command, ...args]] : [command, args];
}

/** Runs a command to completion. `timeoutMs` kills it (the result then has code null). */
export function runProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<ProcessResult> {
  const file = timeFile();
  const [cmd, argv] = wrapped(command, args, file);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: options.env ?? process.env, cwd: options.cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - started, maxRssKb: readMaxRss(file) });
    });
  });
}

/** A server started in the background. */
export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and returns its peak RSS in KiB. */
  stop: () => Promise<number>;
}

/** The first child process of `pid` (Linux /proc), or undefined. */
function childOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/);
    const first = Number(children[0]);
    return Number.isInteger(first) && first > 0 ? first : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a long-running command and waits until `ready()` resolves true (polled every 250 ms). */
export async function startProcess(
  command: string,
  args: string[],
  ready: () => Promise<boolean>,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunningProcess> {
  const file = timeFile();
  const [cmd, argv] = wrapped(command, args, file);
  const child = spawn(cmd, argv, { env: options.env ?? process.env });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const stop = async () => {
    // GNU time does not forward signals: stop the program it runs, then time writes its stats.
    const target = childOf(child.pid) ?? child.pid;
    const signal = (name: NodeJS.Signals) => {
      try {
        if (target !== undefined) process.kill(target, name);
      } catch {
        // already gone
      }
    };
    signal("SIGTERM");
    const killer = setTimeout(() => {
      signal("SIGKILL");
      child.kill("SIGKILL");
    }, 10_000);
    await exited;
    clearTimeout(killer);
    return readMaxRss(file);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} exited early:\n${output.slice(-2000)}`);
    if (await ready().catch(() => false)) return { child, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`${command} did not become ready in time:\n${output.slice(-2000)}`);
}

/** True when GET `url` answers 200. */
export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.ok;
}
