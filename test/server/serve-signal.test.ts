/**
 * `logprobe serve` as a real process with the engine: SIGINT (and SIGTERM) stop it gracefully,
 * with its own messages and exit code 0. Guards against libraries loaded with node-llama-cpp that
 * re-raise a signal when they think nobody else listens (signal-exit).
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function runUntilSignal(
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/bin.ts",
        "serve",
        "--model",
        testModelPath,
        "--port",
        "0",
        "--context-size",
        "128",
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("Try:") && !child.killed) child.kill(signal);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

describe.skipIf(!requireTestModel())("logprobe serve process", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`stops gracefully on ${signal}`, async () => {
      const run = await runUntilSignal(signal);
      expect(run.stdout).toMatch(/serving stories260K\.gguf at http:\/\/127\.0\.0\.1:\d+/);
      expect(run.stderr).toContain("logprobe: stopping");
      expect(run.stderr).toContain("logprobe: stopped");
      expect(run.code).toBe(0);
    }, 90_000);
  }
});
