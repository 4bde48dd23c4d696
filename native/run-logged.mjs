// Runs an install-time command with its output appended to a log file instead of a memory
// buffer: a compiler may print megabytes (gcc 12 prints 6.6 MB of AVX-512 header warnings while
// building ggml-cpu), and what it prints must not decide whether the build succeeds.
import { spawnSync } from "node:child_process";
import { appendFileSync, closeSync, existsSync, openSync, readFileSync } from "node:fs";

/** Lines kept from the end of a log for an error message. */
const TAIL_LINES = 15;

/** The last `count` non-empty lines of a log file ("" when it is missing). */
export function logTail(logFile, count = TAIL_LINES) {
  if (!existsSync(logFile)) return "";
  const lines = readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  return lines.slice(-count).join("\n");
}

/**
 * Runs `command args` with stdout and stderr appended to `logFile` (or the terminal when
 * `verbose`). Throws an Error naming the command, its exit code or signal, the log's path and its
 * last lines when it fails.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ logFile: string, cwd?: string, env?: NodeJS.ProcessEnv, verbose?: boolean }} options
 */
export function runLogged(command, args, { logFile, cwd, env, verbose = false }) {
  appendFileSync(logFile, `\n$ ${[command, ...args].join(" ")}\n`);
  const fd = verbose ? undefined : openSync(logFile, "a");
  try {
    const result = spawnSync(command, args, {
      cwd,
      env,
      stdio: ["ignore", fd ?? "inherit", fd ?? "inherit"],
    });
    if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
    if (result.status !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.status}`;
      const tail = verbose ? "" : logTail(logFile);
      throw new Error(`${command} ${how} (log: ${logFile})${tail ? `\n${tail}` : ""}`);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
