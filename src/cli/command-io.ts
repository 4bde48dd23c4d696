/**
 * The streams and environment a command writes to. Commands take a {@link CommandIo} instead of
 * touching `process` directly, so tests can capture their output.
 */
import { type ColorDepth, colorDepth } from "./render/color-support.js";

/** A writable text stream (process.stdout, process.stderr, or a test buffer). */
export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal. */
  isTTY?: boolean;
}

/** Where a command's output goes. */
export interface CommandIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
}

/** The real process streams and environment. */
export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Colour depth of the command's stdout (see {@link colorDepth}). */
export function stdoutColorDepth(io: CommandIo): ColorDepth {
  return colorDepth(io.stdout, io.env);
}

/** Prints the model's non-fatal warnings on stderr, one line each. */
export function printWarnings(io: CommandIo, warnings: readonly { message: string; field?: string }[]): void {
  for (const warning of warnings) {
    io.stderr.write(`logprobe: warning: ${warning.field ? `${warning.field}: ` : ""}${warning.message}\n`);
  }
}
