/**
 * A one-line progress bar for stderr: `[#####-----] 512/1024 tokens  48%  210 tok/s  ETA 2s`,
 * redrawn in place with a carriage return. Drawn only when the stream is a terminal, so that logs
 * and pipes stay clean.
 */

/** The stream a progress bar writes to. */
export interface ProgressTarget {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Numbers shown on the bar. */
export interface ProgressState {
  done: number;
  total: number;
  /** Seconds since the work started. */
  elapsedSeconds: number;
}

/** "2s", "1m05s", "1h02m": a duration for humans (rounded up to whole seconds). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * The bar's text for a state. Rate = done / elapsed (tokens per second); ETA = (total - done) /
 * rate. Before any work is done or time has passed, rate and ETA show as "?".
 *
 * @param state progress numbers
 * @param width characters inside the brackets
 * @param unit what is counted ("tokens")
 * @param rateUnit label of the rate ("tok/s")
 */
export function formatProgress(
  state: ProgressState,
  width = 24,
  unit = "tokens",
  rateUnit = "tok/s",
): string {
  const fraction = state.total > 0 ? Math.min(1, Math.max(0, state.done / state.total)) : 0;
  const filled = Math.round(fraction * width);
  const rate = state.elapsedSeconds > 0 && state.done > 0 ? state.done / state.elapsedSeconds : undefined;
  const rateText =
    rate === undefined ? `? ${rateUnit}` : `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)} ${rateUnit}`;
  const eta = rate === undefined ? "?" : formatDuration((state.total - state.done) / rate);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${state.done}/${state.total} ${unit} ${percent}  ${rateText}  ETA ${eta}`;
}

/** A progress bar bound to a stream and a clock. */
export interface ProgressBar {
  /**
   * Records progress and redraws (at most every `minIntervalMs`, and always at completion);
   * `detail` is drawn after the numbers (e.g. the state of each server).
   */
  update(done: number, total: number, detail?: string): void;
  /** Erases the bar's line (call once when the work ends, successful or not). */
  finish(): void;
}

/**
 * Creates a progress bar on `stream`. On a non-terminal stream it draws nothing.
 *
 * @param stream where to draw (stderr)
 * @param options `now` returns milliseconds (injectable for tests); `minIntervalMs` limits redraws;
 *   `unit` and `rateUnit` label the counts (default "tokens", "tok/s")
 */
export function createProgressBar(
  stream: ProgressTarget,
  options: { now?: () => number; minIntervalMs?: number; unit?: string; rateUnit?: string } = {},
): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const minIntervalMs = options.minIntervalMs ?? 100;
  const start = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done, total, detail) {
      if (!stream.isTTY) return;
      const time = now();
      if (done < total && time - lastDraw < minIntervalMs) return;
      lastDraw = time;
      drawn = true;
      const state = { done, total, elapsedSeconds: (time - start) / 1000 };
      const text = `${formatProgress(state, 24, options.unit, options.rateUnit)}${detail ? `  ${detail}` : ""}`;
      stream.write(`\r${text}\u001b[K`);
    },
    finish() {
      if (drawn) stream.write("\r\u001b[K");
      drawn = false;
    },
  };
}
