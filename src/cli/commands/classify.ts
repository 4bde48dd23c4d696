/**
 * `logprobe classify TEXT --labels a,b,c`: the probability of each label as the model's
 * continuation of the text, normalised over the labels (every token of a multi-token label counts;
 * on a backend that cannot score text, the first token's top-k stands in and the output says it is
 * approximate), and the chosen label, or an abstention when the best is under `--threshold`.
 */
import type { Command } from "commander";
import { z } from "zod";
import {
  type ClassificationResult,
  classify,
  DEFAULT_CLASSIFY_THRESHOLD,
  DEFAULT_LABEL_PREFIX,
  MAX_LABELS,
} from "../../core/decisions/classify.js";
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo } from "../command-io.js";
import { numberFlag, textFlag } from "../flag-schemas.js";
import { decodeEscapes } from "../generation-options.js";
import { addModelOptions, parseModelOptions } from "../model-options.js";
import { parallelFlag, parallelHelp, sequencesFor } from "../parallel-flag.js";
import { parseFlags } from "../parse-flags.js";
import { resolvePrompt } from "../prompt-input.js";
import { formatNats, formatPercent } from "../render/format-number.js";
import { escapeControlCharacters } from "../render/heatmap.js";
import { renderColumns } from "../render/plain-columns.js";
import { withModel } from "../with-model.js";

const classifyFlagsSchema = z.object({
  labels: textFlag(),
  instruction: textFlag().optional(),
  threshold: numberFlag({ min: 0, max: 1 }).default(DEFAULT_CLASSIFY_THRESHOLD),
  labelPrefix: z.string().default(DEFAULT_LABEL_PREFIX),
  json: z.boolean().default(false),
  parallel: parallelFlag(),
});

/** Validated options of the classify command. */
export interface ClassifyCommandOptions {
  labels: string[];
  instruction?: string;
  threshold: number;
  labelPrefix: string;
  json: boolean;
  /** Texts scored at once on a local model (the prompt and each label continuation). */
  parallel?: number;
}

/**
 * Reads and validates the classify command's flags: `--labels` is a comma-separated list of 1 to
 * 100 distinct labels (spaces around commas are dropped; `\,` keeps a comma in a label).
 * @throws {InvalidInputError} naming the flag
 */
export function parseClassifyCommandOptions(raw: unknown): ClassifyCommandOptions {
  const flags = parseFlags(classifyFlagsSchema, raw);
  const labels = flags.labels
    .split(/(?<!\\),/)
    .map((label) => label.replace(/\\,/g, ",").trim())
    .filter((label) => label !== "");
  if (labels.length < 1 || labels.length > MAX_LABELS) {
    throw new InvalidInputError(
      "--labels",
      `must list 1 to ${MAX_LABELS} labels separated by commas (got ${labels.length})`,
    );
  }
  const duplicate = labels.find((label, index) => labels.indexOf(label) !== index);
  if (duplicate !== undefined)
    throw new InvalidInputError("--labels", `lists "${duplicate}" twice; labels must be distinct`);
  return {
    labels,
    threshold: flags.threshold,
    labelPrefix: decodeEscapes(flags.labelPrefix),
    json: flags.json,
    ...(flags.instruction !== undefined ? { instruction: decodeEscapes(flags.instruction) } : {}),
    ...(flags.parallel !== undefined ? { parallel: flags.parallel } : {}),
  };
}

/** The text output: one row per label, then the decision. */
export function renderClassification(result: ClassificationResult): string {
  const rows = [
    ["label", "probability", "label logprob", "tokens"],
    ...result.labels.map((entry) => [
      escapeControlCharacters(entry.label),
      formatPercent(entry.probability),
      Number.isFinite(entry.sequenceLogprob) ? formatNats(entry.sequenceLogprob) : "-inf",
      `${entry.tokenCount}${entry.exact ? "" : " ~"}`,
    ]),
  ];
  const best = result.labels[0];
  const decision = result.abstained
    ? `abstain: the best label "${best?.label}" has ${formatPercent(best?.probability ?? 0)}, under the threshold ${formatPercent(result.threshold)}`
    : `label: ${result.label} (${formatPercent(best?.probability ?? 0)}; threshold ${formatPercent(result.threshold)})`;
  const lines = [
    renderColumns(rows),
    "",
    decision,
    `mass of the labels under the model: ${formatPercent(result.coveredMass)}`,
  ];
  if (result.approximate)
    lines.push("approximate: only the first token's top alternatives were available (~)");
  else if (result.labels.some((entry) => !entry.exact))
    lines.push("~ the label's first token merged with the prompt's last: approximate");
  lines.push(`model: ${result.model}`);
  return lines.join("\n");
}

/** Classifies with an open model and writes the output. */
export async function runClassify(
  model: LogprobModel,
  text: string,
  options: ClassifyCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<ClassificationResult> {
  const result = await classify(model, {
    text,
    labels: options.labels,
    threshold: options.threshold,
    labelPrefix: options.labelPrefix,
    ...(options.instruction !== undefined ? { instruction: options.instruction } : {}),
    ...(signal ? { signal } : {}),
  });
  printWarnings(io, result.warnings);
  io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${renderClassification(result)}\n`);
  return result;
}

/** Adds `classify` to the program. */
export function registerClassify(program: Command): void {
  const command = program
    .command("classify")
    .description("probability of each label as the continuation of a text, normalised over the labels")
    .argument("<text>", "the text to classify; - reads stdin (piped stdin is joined before it)")
    .requiredOption(
      "--labels <list>",
      `comma-separated labels, 1 to ${MAX_LABELS} (e.g. positive,negative,neutral)`,
    )
    .option(
      "--instruction <text>",
      'placed before the text; the prompt becomes "INSTRUCTION\\n\\nTEXT\\n\\nAnswer:"',
    )
    .option(
      "--threshold <probability>",
      `abstain when the best label is under this, 0 to 1 (default: ${DEFAULT_CLASSIFY_THRESHOLD})`,
    )
    .option("--label-prefix <text>", 'text between the prompt and each label (default: " ")')
    .option("--json", "print one JSON object instead of the table")
    .option("--parallel <count>", parallelHelp("label continuations scored"));
  addModelOptions(command);
  command.action(async (argument: string, raw: Record<string, unknown>) => {
    const options = parseClassifyCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const text = await resolvePrompt({ argument }, "TEXT");
    if (text === "") throw new InvalidInputError("TEXT", "the text to classify is empty", "a non-empty text");
    const io = processIo();
    // The prompt and each label continuation are scored, on this many sequences at once.
    const parallel = sequencesFor(options.parallel, options.labels.length + 1);
    await withModel(modelOptions, io, { parallel }, (model, signal) =>
      runClassify(model, text, options, io, signal),
    );
  });
}
