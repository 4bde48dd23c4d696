/**
 * Runs a command's work with an open model: opens it from the model flags (drawing a download
 * progress bar on stderr when a model file is fetched), cancels on Ctrl-C through an AbortSignal
 * (a second Ctrl-C quits at once), and always closes the model afterwards.
 */
import type { LogprobModel } from "../core/model.js";
import type { CommandIo } from "./command-io.js";
import { type ModelOptions, openModel } from "./model-options.js";
import { createProgressBar } from "./render/progress-bar.js";

/**
 * Opens the model, runs `work`, closes the model. Ctrl-C aborts the signal given to `work`.
 *
 * @param options the model flags
 * @param io where the download progress bar goes (stderr, only on a terminal)
 * @param needs `maxTopLogprobs`: most alternatives per token the work will ask for; `parallel`:
 *   requests it runs at once
 * @param work the command's work
 */
export async function withModel<T>(
  options: ModelOptions,
  io: CommandIo,
  needs: { maxTopLogprobs?: number; parallel?: number },
  work: (model: LogprobModel, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  // First Ctrl-C cancels the work (which then prints what it has and exits 130); a second one
  // quits at once. `on`, not `once`: node-llama-cpp's signal-exit kills the process when it is the
  // only SIGINT listener left.
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  const download = createProgressBar(io.stderr, { unit: "MiB", rateUnit: "MiB/s" });
  const mebibytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  try {
    const model = await openModel(options, {
      ...needs,
      signal: controller.signal,
      onDownloadProgress: (done, total) => download.update(mebibytes(done), mebibytes(total)),
    }).finally(() => download.finish());
    try {
      return await work(model, controller.signal);
    } finally {
      await model.close?.();
    }
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
}
