/**
 * `logprobe detect FILE --observer MODEL --performer MODEL`: was this text written by a model, was
 * it in the training data? Binoculars (observer and performer share a tokenizer), GLTR rank
 * buckets, Min-K% prob and Min-K%++. `--calibrate DATA.jsonl` ({"text", "label"} per line) scores
 * labelled texts and reports, per measure, AUROC and the threshold with the best true-positive rate
 * at `--fpr`; with FILE too, it says which side of each threshold FILE falls on.
 */
import type { Command } from "commander";
import { z } from "zod";
import type { DetectResult } from "../../core/detect/detect-result.js";
import { DEFAULT_MIN_K_PERCENT, detectText } from "../../core/detect/detect-text.js";
import {
  calibrateDetectors,
  DETECTION_MEASURES,
  type DetectorCalibration,
} from "../../core/detect/detection-calibration.js";
import { CancelledError, InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo } from "../command-io.js";
import { parseLabelledTexts } from "../detection-data.js";
import { integerFlag, numberFlag, textFlag } from "../flag-schemas.js";
import { MAX_CONTEXT_SIZE } from "../model-options.js";
import {
  addModelPairOptions,
  MODEL_SPEC_HELP,
  parseModelPairOptions,
  parseModelSpec,
  withModelPair,
} from "../model-pair-options.js";
import { parseFlags } from "../parse-flags.js";
import { readTextInput } from "../read-text-input.js";
import { renderDetectorCalibration, renderDetectScores } from "../render/detection-text.js";
import { createProgressBar } from "../render/progress-bar.js";

/** Default target false-positive rate of `--calibrate`. */
export const DEFAULT_TARGET_FPR = 0.01;

const detectFlagsSchema = z.object({
  json: z.boolean().default(false),
  k: numberFlag({ min: 0, max: 100, exclusiveMin: true }).default(DEFAULT_MIN_K_PERCENT),
  window: integerFlag({ min: 2, max: MAX_CONTEXT_SIZE }).optional(),
  stride: integerFlag({ min: 1, max: MAX_CONTEXT_SIZE }).optional(),
  calibrate: textFlag().optional(),
  fpr: numberFlag({ min: 0, max: 1 }).default(DEFAULT_TARGET_FPR),
});

/** Validated options of the detect command. */
export type DetectCommandOptions = z.output<typeof detectFlagsSchema>;

/** Reads the detect command's own flags. @throws {InvalidInputError} naming the flag */
export function parseDetectCommandOptions(raw: unknown): DetectCommandOptions {
  return parseFlags(detectFlagsSchema, raw);
}

/** Which side of each calibrated threshold `result` falls on (true = positive). */
export function verdictsOf(calibration: DetectorCalibration, result: DetectResult): Map<string, boolean> {
  const verdicts = new Map<string, boolean>();
  for (const entry of calibration.measures) {
    if ("unavailable" in entry) continue;
    const value = DETECTION_MEASURES.find((measure) => measure.name === entry.measure)?.read(result.scores);
    if (value === null || value === undefined) continue;
    verdicts.set(
      entry.measure,
      entry.higherIsPositive ? value >= entry.best.threshold : value <= entry.best.threshold,
    );
  }
  return verdicts;
}

/** Runs detection (and calibration when `labelled` is given) and writes the output. */
export async function runDetect(
  observer: LogprobModel,
  performer: LogprobModel,
  text: string | undefined,
  labelled: Parameters<typeof calibrateDetectors>[0] | undefined,
  options: DetectCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<{ result?: DetectResult; calibration?: DetectorCalibration }> {
  const detectOptions = { k: options.k, windowSize: options.window, stride: options.stride, signal };
  const progress = createProgressBar(io.stderr);
  let calibration: DetectorCalibration | undefined;
  let result: DetectResult | undefined;
  try {
    if (labelled) {
      calibration = await calibrateDetectors(
        labelled,
        (item) => detectText(observer, performer, item, detectOptions),
        options.fpr,
        { signal, onProgress: (done, total) => progress.update(done, total) },
      );
    }
    if (text !== undefined) result = await detectText(observer, performer, text, detectOptions);
  } finally {
    progress.finish();
  }
  if (signal?.aborted) throw new CancelledError("interrupted before detection finished");
  if (result) printWarnings(io, result.warnings);
  const verdicts = calibration && result ? verdictsOf(calibration, result) : undefined;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        ...(result ? { result } : {}),
        ...(calibration ? { calibration } : {}),
        ...(verdicts ? { verdicts: Object.fromEntries(verdicts) } : {}),
      })}\n`,
    );
  } else {
    const parts: string[] = [];
    if (result) parts.push(renderDetectScores(result));
    if (calibration) parts.push(renderDetectorCalibration(calibration, verdicts));
    io.stdout.write(`${parts.join("\n\n")}\n`);
  }
  return { ...(result ? { result } : {}), ...(calibration ? { calibration } : {}) };
}

/** Adds `detect` to the program. */
export function registerDetect(program: Command): void {
  const command = program
    .command("detect")
    .description(
      "machine-text and training-data detection: Binoculars, GLTR rank buckets, Min-K% and Min-K%++",
    )
    .argument("[file]", 'text file, or "-" for stdin (optional with --calibrate)')
    .requiredOption(
      "--observer <model>",
      `the observer model (perplexity, ranks, Min-K%): ${MODEL_SPEC_HELP}`,
    )
    .requiredOption(
      "--performer <model>",
      `the performer model of Binoculars (same tokenizer; may be the observer): ${MODEL_SPEC_HELP}`,
    )
    .option("--json", "print one JSON object")
    .option("--k <percent>", `k of Min-K% and Min-K%++, above 0 to 100 (default: ${DEFAULT_MIN_K_PERCENT})`)
    .option("--window <tokens>", "tokens per forward pass, BOS included (default: the context)")
    .option("--stride <tokens>", "tokens the sliding window moves (default: half the window)")
    .option(
      "--calibrate <data>",
      'labelled JSONL ({"text": ..., "label": true|false} per line): AUROC and a threshold per measure',
    )
    .option(
      "--fpr <rate>",
      `target false-positive rate of the thresholds, 0 to 1 (default: ${DEFAULT_TARGET_FPR})`,
    );
  addModelPairOptions(command, ["observer", "performer"]);
  command.action(async (file: string | undefined, raw: Record<string, unknown>) => {
    const options = parseDetectCommandOptions(raw);
    const observer = parseModelSpec(raw.observer, "--observer");
    const performer = parseModelSpec(raw.performer, "--performer");
    const flags = parseModelPairOptions(raw, ["observer", "performer"]);
    if (file === undefined && options.calibrate === undefined)
      throw new InvalidInputError(
        "FILE",
        "give a text FILE, or --calibrate DATA, or both",
        "a file path or -",
      );
    const text = file === undefined ? undefined : await readTextInput(file, "FILE");
    const labelled =
      options.calibrate === undefined
        ? undefined
        : parseLabelledTexts(await readTextInput(options.calibrate, "--calibrate"), "--calibrate");
    const io = processIo();
    await withModelPair(observer, performer, flags, io, {}, (first, second, signal) =>
      runDetect(first, second, text, labelled, options, io, signal),
    );
  });
}
