/**
 * `logprobe calibrate DATA.jsonl`: answers each line's prompt with the model (or reads its saved
 * response), judges the answer against `expected` (see `normalizeAnswer`: NFKC, trimmed,
 * case-folded, whitespace collapsed, trailing punctuation and quotes dropped; `--match prefix`
 * also accepts answers that begin with the expected one), and reports accuracy, ECE, Brier score,
 * AUROC, PRR and selective-prediction thresholds for each confidence measure, as a table or
 * `--json`, plus a reliability diagram and a coverage-vs-accuracy curve as SVG files.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { DEFAULT_CALIBRATION_BINS } from "../../core/calibration/reliability-bins.js";
import { coverageCurveSvg, reliabilityDiagramSvg } from "../../core/charts/calibration-svg.js";
import type { CalibrationReport, MeasureReport } from "../../core/decisions/calibration-report.js";
import {
  type CalibrationItem,
  type CalibrationRun,
  DEFAULT_CALIBRATION_MAX_TOKENS,
  runCalibration,
} from "../../core/decisions/run-calibration.js";
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { needsModel, parseCalibrationData } from "../calibration-data.js";
import { type CommandIo, printWarnings, processIo } from "../command-io.js";
import { choiceFlag, integerFlag, numberFlag, textFlag } from "../flag-schemas.js";
import { decodeEscapes, MAX_GENERATED_TOKENS, MAX_STOP_STRINGS } from "../generation-options.js";
import { addModelOptions, parseModelOptions } from "../model-options.js";
import { parallelFlag, parallelHelp, sequencesFor } from "../parallel-flag.js";
import { parseFlags } from "../parse-flags.js";
import { readTextInput } from "../read-text-input.js";
import { formatPercent } from "../render/format-number.js";
import { renderColumns } from "../render/plain-columns.js";
import { createProgressBar } from "../render/progress-bar.js";
import { withModel } from "../with-model.js";

const calibrateFlagsSchema = z.object({
  json: z.boolean().default(false),
  bins: integerFlag({ min: 1, max: 1000 }).default(DEFAULT_CALIBRATION_BINS),
  precision: numberFlag({ min: 0, max: 1 }).optional(),
  coverage: numberFlag({ min: 0, max: 1, exclusiveMin: true }).optional(),
  match: choiceFlag(["exact", "prefix"]).default("exact"),
  maxTokens: integerFlag({ min: 1, max: MAX_GENERATED_TOKENS }).default(DEFAULT_CALIBRATION_MAX_TOKENS),
  stop: z
    .array(textFlag())
    .max(MAX_STOP_STRINGS, { message: `must be given at most ${MAX_STOP_STRINGS} times` })
    .optional(),
  svgDir: textFlag().optional(),
  reliabilitySvg: textFlag().optional(),
  coverageSvg: textFlag().optional(),
  parallel: parallelFlag(),
});

/** Validated options of the calibrate command. */
export type CalibrateCommandOptions = z.output<typeof calibrateFlagsSchema>;

/**
 * Reads and validates the calibrate command's flags.
 * @throws {InvalidInputError} naming the flag and its allowed range
 */
export function parseCalibrateCommandOptions(raw: unknown): CalibrateCommandOptions {
  return parseFlags(calibrateFlagsSchema, raw);
}

const metric = (value: number | null, digits = 4) => (value === null ? "-" : value.toFixed(digits));

function thresholdCell(point: MeasureReport["thresholdForPrecision"]): string {
  if (point === undefined) return "-";
  if (point === null) return "none";
  return `${Number(point.threshold.toPrecision(4))} (cov ${formatPercent(point.coverage)}, prec ${formatPercent(point.precision)})`;
}

/** The text report: a summary line, one row per measure, and notes. */
export function renderCalibrationTable(report: CalibrationReport): string {
  const header = ["measure", "n", "ECE", "Brier", "AUROC", "PRR"];
  if (report.targetPrecision !== undefined) header.push(`threshold @ precision ${report.targetPrecision}`);
  if (report.targetCoverage !== undefined) header.push(`threshold @ coverage ${report.targetCoverage}`);
  const rows = report.measures.map((measure) => {
    const row = [
      measure.measure,
      String(measure.count),
      metric(measure.ece),
      metric(measure.brier),
      metric(measure.auroc),
      metric(measure.prr),
    ];
    if (report.targetPrecision !== undefined) row.push(thresholdCell(measure.thresholdForPrecision));
    if (report.targetCoverage !== undefined) row.push(thresholdCell(measure.thresholdForCoverage));
    return row;
  });
  const notes = report.measures.flatMap((measure) =>
    measure.notes.map((note) => `  ${measure.measure}: ${note}`),
  );
  return [
    `answers: ${report.count}  correct: ${report.correct}  accuracy: ${formatPercent(report.accuracy)}  bins: ${report.bins}`,
    "",
    renderColumns([header, ...rows]),
    ...(notes.length > 0 ? ["", "notes:", ...notes] : []),
    "",
    "ECE and Brier: lower is better; AUROC: 0.5 is chance, 1 is perfect; PRR: 0 is random, 1 is the oracle.",
  ].join("\n");
}

/** The `--json` document. */
export function calibrationJson(run: CalibrationRun, model: string | null): Record<string, unknown> {
  return {
    model,
    ...run.report,
    answers: run.answers,
    warnings: run.warnings,
  };
}

/** Where the SVG files go, from the flags; empty when none was asked for. */
export function svgTargets(options: CalibrateCommandOptions): { reliability?: string; coverage?: string } {
  const targets: { reliability?: string; coverage?: string } = {};
  if (options.svgDir !== undefined) {
    targets.reliability = join(options.svgDir, "reliability.svg");
    targets.coverage = join(options.svgDir, "coverage.svg");
  }
  if (options.reliabilitySvg !== undefined) targets.reliability = options.reliabilitySvg;
  if (options.coverageSvg !== undefined) targets.coverage = options.coverageSvg;
  return targets;
}

async function writeSvg(path: string, content: string, flag: string): Promise<void> {
  try {
    if (flag === "--svg-dir") await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, content);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidInputError(flag, `cannot write "${path}" (${reason})`, "a writable path");
  }
}

/** Runs the calibration of parsed items (see `parseCalibrationData`) and writes its outputs. */
export async function runCalibrate(
  model: LogprobModel | null,
  items: readonly CalibrationItem[],
  options: CalibrateCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<CalibrationRun> {
  const progress = createProgressBar(io.stderr);
  let run: CalibrationRun;
  try {
    run = await runCalibration(model, items, {
      bins: options.bins,
      match: options.match,
      maxTokens: options.maxTokens,
      stop: (options.stop ?? ["\\n"]).map(decodeEscapes),
      ...(options.precision !== undefined ? { targetPrecision: options.precision } : {}),
      ...(options.coverage !== undefined ? { targetCoverage: options.coverage } : {}),
      onProgress: (done, total) => progress.update(done, total),
      ...(signal ? { signal } : {}),
    });
  } finally {
    progress.finish();
  }
  printWarnings(io, run.warnings);
  const targets = svgTargets(options);
  const subtitle = `model: ${model?.id ?? "saved responses"}`;
  if (targets.reliability !== undefined) {
    await writeSvg(
      targets.reliability,
      reliabilityDiagramSvg(run.report, subtitle),
      options.reliabilitySvg !== undefined ? "--reliability-svg" : "--svg-dir",
    );
  }
  if (targets.coverage !== undefined) {
    await writeSvg(
      targets.coverage,
      coverageCurveSvg(run.report, subtitle),
      options.coverageSvg !== undefined ? "--coverage-svg" : "--svg-dir",
    );
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(calibrationJson(run, model?.id ?? null))}\n`);
  } else {
    const written = [targets.reliability, targets.coverage].filter((path) => path !== undefined);
    io.stdout.write(
      `${renderCalibrationTable(run.report)}\n${written.map((path) => `wrote ${path}\n`).join("")}`,
    );
  }
  return run;
}

/** Adds `calibrate` to the program. */
export function registerCalibrate(program: Command): void {
  const command = program
    .command("calibrate")
    .description(
      "measure how well confidence predicts correctness on a JSONL data set (ECE, Brier, AUROC, PRR)",
    )
    .argument(
      "<data>",
      'JSONL file ("-" for stdin): {"prompt"|"messages"|"response": ..., "expected": "answer" | ["answers"], "id"?, "format"?} per line',
    )
    .option("--json", "print one JSON object (report, every answer, warnings) instead of the table")
    .option(
      "--bins <count>",
      `equal-width confidence bins for ECE and the diagram, 1 to 1000 (default: ${DEFAULT_CALIBRATION_BINS})`,
    )
    .option("--precision <target>", "also report the lowest threshold reaching this precision, 0 to 1")
    .option("--coverage <target>", "also report the highest threshold answering this fraction, above 0 to 1")
    .option(
      "--match <rule>",
      '"exact": normalised answer equals expected; "prefix": begins with it (default: exact)',
    )
    .option(
      "-n, --max-tokens <count>",
      `tokens generated per answer, 1 to ${MAX_GENERATED_TOKENS} (default: ${DEFAULT_CALIBRATION_MAX_TOKENS})`,
    )
    .option(
      "--stop <text>",
      'stop each answer before this text; repeatable (default: "\\n")',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--svg-dir <dir>", "write reliability.svg and coverage.svg into this directory")
    .option("--reliability-svg <file>", "write the reliability diagram to this SVG file")
    .option("--coverage-svg <file>", "write the coverage-vs-accuracy curve to this SVG file")
    .option("--parallel <count>", parallelHelp("prompts answered"));
  addModelOptions(command);
  command.action(async (file: string, raw: Record<string, unknown>) => {
    const options = parseCalibrateCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const items = parseCalibrationData(await readTextInput(file, "DATA"));
    const io = processIo();
    if (!needsModel(items)) {
      await runCalibrate(null, items, options, io);
      return;
    }
    const parallel = sequencesFor(options.parallel, items.filter((item) => !item.response).length);
    await withModel(modelOptions, io, { maxTopLogprobs: 2, parallel }, (model, signal) =>
      runCalibrate(model, items, options, io, signal),
    );
  });
}
