/**
 * SIGINT/SIGTERM handling for long-running commands (`serve`, `batch`): the first signal asks the
 * command to stop cleanly, a second one exits at once (130). The listeners stay installed until
 * `dispose()`: node-llama-cpp loads signal-exit, which re-raises a signal (killing the process
 * with no message) when it sees no other listener, so a `process.once` listener is not enough.
 */
import type { CommandIo } from "./command-io.js";

/** The stop request of a command. */
export interface StopSignals {
  /** Resolves with the first signal received. */
  readonly requested: Promise<NodeJS.Signals>;
  /** Aborts with the first signal received. */
  readonly signal: AbortSignal;
  /** Removes the listeners. */
  dispose(): void;
}

/** Installs the listeners; `onFirst` runs at the first signal (e.g. to print what happens next). */
export function stopSignals(io: CommandIo, onFirst?: (signal: NodeJS.Signals) => void): StopSignals {
  let received = 0;
  const controller = new AbortController();
  let resolveRequested: (signal: NodeJS.Signals) => void = () => {};
  const requested = new Promise<NodeJS.Signals>((resolve) => {
    resolveRequested = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) {
      onFirst?.(signal);
      controller.abort();
      resolveRequested(signal);
    } else {
      io.stderr.write(`logprobe: ${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    requested,
    signal: controller.signal,
    dispose() {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    },
  };
}
