/**
 * A {@link CommandIo} that captures what a CLI command writes, for tests. Not a product feature.
 */
import type { CommandIo } from "../../../src/cli/command-io.js";

/** Captured output plus the io to hand to the command. */
export interface CapturedIo {
  io: CommandIo;
  stdout: () => string;
  stderr: () => string;
  /** stdout and stderr interleaved in the order written. */
  combined: () => string;
}

/** Creates captured streams; `isTTY` and `env` decide colour like a real terminal would. */
export function captureIo(options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const both: string[] = [];
  const isTTY = options.isTTY ?? false;
  return {
    io: {
      stdout: { isTTY, write: (text: string) => out.push(text) && both.push(text) },
      stderr: { isTTY, write: (text: string) => err.push(text) && both.push(text) },
      env: options.env ?? {},
    },
    stdout: () => out.join(""),
    stderr: () => err.join(""),
    combined: () => both.join(""),
  };
}
