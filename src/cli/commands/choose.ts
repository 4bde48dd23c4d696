/**
 * `logprobe choose DATA`: multiple-choice evaluation. Scores every choice of every item as a
 * continuation of its context (the context evaluated once per item: shared-prefix scoring), and
 * reports lm-eval's `acc`, `acc_norm` (length-normalised by code points) and `acc_bytes` (by UTF-8
 * bytes) with their standard errors. Reads JSONL `{context, choices, gold}` and llama-perplexity's
 * HellaSwag, Winogrande and multiple-choice files. `--output FILE` appends each item's result as
 * it finishes and skips the items already there, so a stopped run resumes where it was.
 */
import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../../core/errors.js";
import { type ChoiceSummary, summarizeChoices } from "../../core/multiple-choice/choice-summary.js";
import {
  CHOICE_FORMATS,
  type ChoiceFormat,
  choiceFormatOf,
  countChoiceItems,
  readChoiceItems,
} from "../choice-input.js";
import { type ChoiceItemRecord, type ChooseRun, runChoose } from "../choose-run.js";
import { type CommandIo, printWarnings, processIo } from "../command-io.js";
import { choiceFlag, textFlag } from "../flag-schemas.js";
import { decodeEscapes } from "../generation-options.js";
import { addModelOptions, parseModelOptions } from "../model-options.js";
import { parallelFlag, parallelHelp, sequencesFor } from "../parallel-flag.js";
import { parseFlags } from "../parse-flags.js";
import { renderColumns } from "../render/plain-columns.js";
import { createProgressBar } from "../render/progress-bar.js";
import { withModel } from "../with-model.js";

const chooseFlagsSchema = z.object({
  json: z.boolean().default(false),
  perItem: z.boolean().default(false),
  format: choiceFlag(CHOICE_FORMATS).optional(),
  delimiter: textFlag().optional(),
  output: textFlag().optional(),
  parallel: parallelFlag(),
});

/** Validated options of the choose command. */
export type ChooseCommandOptions = z.output<typeof chooseFlagsSchema>;

/** @throws {InvalidInputError} naming the flag and its allowed range */
export function parseChooseCommandOptions(raw: unknown): ChooseCommandOptions {
  return parseFlags(chooseFlagsSchema, raw);
}

const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
const stderrCell = (value: number | null) => (value === null ? "-" : `± ${(100 * value).toFixed(2)}`);

/** The text report: one row per metric, lm-eval's names. */
export function renderChoiceSummary(summary: ChoiceSummary, resumed: number): string {
  const rows = [
    ["metric", "value", "stderr"],
    ["acc", percent(summary.acc), stderrCell(summary.accStderr)],
    ["acc_norm", percent(summary.accNorm), stderrCell(summary.accNormStderr)],
    ["acc_bytes", percent(summary.accBytes), stderrCell(summary.accBytesStderr)],
  ];
  return [
    `items: ${summary.items}${resumed > 0 ? ` (${resumed} from the output file of an earlier run)` : ""}`,
    renderColumns(rows),
    "acc: highest loglikelihood; acc_norm: per character of the choice; acc_bytes: per UTF-8 byte (lm-eval's definitions).",
  ].join("\n");
}

function itemLine(record: ChoiceItemRecord): string {
  const mark = (hit: 0 | 1) => (hit ? "right" : "wrong");
  return `item ${record.index} (line ${record.line}): gold ${record.gold}  acc ${record.pred} ${mark(record.acc)}  acc_norm ${record.predNorm} ${mark(record.accNorm)}  llama-perplexity ${record.predLlamaPerplexity ?? "-"}  lls ${record.loglikelihoods.map((value) => value.toFixed(3)).join(" ")}`;
}

/** The `--json` document. */
export function chooseJson(
  run: ChooseRun,
  model: string,
  format: ChoiceFormat,
  perItem: boolean,
): Record<string, unknown> {
  return {
    model,
    format,
    ...run.summary,
    resumed: run.resumed,
    ...(perItem ? { items: run.items } : {}),
    warnings: run.warnings,
  };
}

/** Runs `choose` on an open model and prints the report. */
export async function runChooseCommand(
  model: Parameters<typeof runChoose>[0],
  file: string,
  format: ChoiceFormat,
  options: ChooseCommandOptions,
  parallel: number,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<ChooseRun> {
  const total = await countChoiceItems(file, format);
  const progress = createProgressBar(io.stderr, { unit: "items", rateUnit: "items/s" });
  const delimiter = options.delimiter === undefined ? undefined : decodeEscapes(options.delimiter);
  const scored: ChoiceItemRecord[] = [];
  let run: ChooseRun;
  try {
    run = await runChoose(model, readChoiceItems(file, format, delimiter), {
      parallel,
      keepItems: options.perItem,
      ...(options.output !== undefined ? { output: options.output } : {}),
      onItem: (record, done) => {
        scored.push({ ...record, loglikelihoods: [], tokenCounts: [] });
        progress.update(done, Math.max(total, done));
      },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    progress.finish();
    // Nothing scored is lost: the items are in --output, and the accuracies so far are shown.
    const where =
      options.output !== undefined
        ? `; they are saved in ${options.output}, and a rerun with the same --output skips them`
        : "";
    io.stderr.write(
      `logprobe: choose stopped after ${scored.length} items${where}\n${renderChoiceSummary(summarizeChoices(scored), 0)}\n`,
    );
    throw error;
  }
  progress.finish();
  printWarnings(io, run.warnings);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(chooseJson(run, model.id, format, options.perItem))}\n`);
  } else {
    const items = options.perItem ? `${run.items.map(itemLine).join("\n")}\n\n` : "";
    io.stdout.write(`${items}${renderChoiceSummary(run.summary, run.resumed)}\n`);
  }
  return run;
}

/** Adds `choose` to the program. */
export function registerChoose(program: Command): void {
  const command = program
    .command("choose")
    .description("multiple-choice evaluation: acc and acc_norm as lm-eval defines them, with standard errors")
    .argument(
      "<data>",
      'JSONL {"context", "choices": [...], "gold": index} per line, or llama-perplexity\'s HellaSwag (.txt), Winogrande (.csv) or multiple-choice (.bin) file',
    )
    .option(
      "--format <format>",
      `${CHOICE_FORMATS.join(", ")} (default: from the extension: .csv winogrande, .bin multiple-choice, else jsonl)`,
    )
    .option(
      "--delimiter <text>",
      'between a JSONL context and each choice (default: " ", lm-eval\'s target_delimiter)',
    )
    .option("--per-item", "also print each item's choice, hit and loglikelihoods")
    .option("--json", "print one JSON object (summary, items with --per-item, warnings)")
    .option(
      "-o, --output <file>",
      "append each item's result as a JSON line; a rerun skips the items already there",
    )
    .option("--parallel <count>", parallelHelp("items scored"));
  addModelOptions(command);
  command.action(async (file: string, raw: Record<string, unknown>) => {
    const options = parseChooseCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    if (file === "-")
      throw new InvalidInputError(
        "DATA",
        "choose reads a file (not stdin), so that it can count and resume",
        "a file path",
      );
    const format = options.format ?? choiceFormatOf(file);
    const io = processIo();
    const parallel = sequencesFor(options.parallel, await countChoiceItems(file, format));
    await withModel(modelOptions, io, { parallel }, (model, signal) =>
      runChooseCommand(model, file, format, options, parallel, io, signal),
    );
  });
}
