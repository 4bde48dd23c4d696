/**
 * Test helper: runs the real `logprobe` CLI in a child process (`node --import tsx src/cli/bin.ts`)
 * and collects its exit code, stdout and stderr.
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (the child's working directory). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** What the CLI did. */
export interface CliRun {
  /** Exit code; for a process killed by a signal, 128 + the signal number as a shell reports it. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Text written to the child's stdin (stdin is closed right after; empty when absent). */
  stdin?: string;
  /** Extra environment variables; the parent's environment is inherited, with colour forced off. */
  env?: Record<string, string>;
  /** Kills the child after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Spawns `node --import tsx src/cli/bin.ts ...args` in the repository root. `NO_COLOR=1` is set
 * (and `FORCE_COLOR` removed) unless `env` says otherwise, so output is plain text.
 */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  Object.assign(env, options.env);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
      cwd: repoRoot,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 128 + (signal ? (signalNumbers[signal] ?? 0) : 0), stdout, stderr });
    });
    child.stdin.on("error", () => {
      // The child may exit before reading stdin (e.g. a usage error); that is not a test failure.
    });
    child.stdin.end(options.stdin ?? "");
  });
}
