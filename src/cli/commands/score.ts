/**
 * `logprobe score FILE|-`: the logprob of every token of a given text given the tokens before it,
 * as a heatmap (a per-token table when colour is off) or as JSON lines, then perplexity and bits
 * per byte. Long texts show a progress bar with tokens/s and ETA on stderr when it is a terminal.
 */
import type { Command } from "commander";
import { z } from "zod";
import { summarizeSequence } from "../../core/analysis/summarize-sequence.js";
import { formatPosition } from "../../core/display/display-units.js";
import { CancelledError, InvalidInputError } from "../../core/errors.js";
import { surprisalBits } from "../../core/math/surprisal.js";
import type { LogprobModel, ScoreResult } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo, stdoutColorDepth } from "../command-io.js";
import { integerFlag } from "../flag-schemas.js";
import { MAX_TOP_ALTERNATIVES } from "../generation-options.js";
import { addModelOptions, MAX_CONTEXT_SIZE, parseModelOptions } from "../model-options.js";
import { parseFlags } from "../parse-flags.js";
import { readTextInput } from "../read-text-input.js";
import { renderAlternativesTable } from "../render/alternatives-table.js";
import { legendLine } from "../render/color-scale.js";
import { formatNats, formatPercent, formatStatistic, quoteToken } from "../render/format-number.js";
import { escapeControlCharacters, renderHeatmap } from "../render/heatmap.js";
import { tokenJson } from "../render/json-output.js";
import { createProgressBar } from "../render/progress-bar.js";
import { withModel } from "../with-model.js";

const scoreFlagsSchema = z.object({
  json: z.boolean().default(false),
  jsonl: z.boolean().default(false),
  top: integerFlag({ min: 0, max: MAX_TOP_ALTERNATIVES }).default(0),
  window: integerFlag({ min: 2, max: MAX_CONTEXT_SIZE }).optional(),
  stride: integerFlag({ min: 1, max: MAX_CONTEXT_SIZE }).optional(),
});

/** Validated options of the score command. */
export type ScoreCommandOptions = z.output<typeof scoreFlagsSchema>;

/**
 * Reads and validates the score command's flags (commander's parsed options).
 *
 * @throws {InvalidInputError} naming the flag when a value is out of range, or `--stride` when it
 *   exceeds `--window`
 */
export function parseScoreCommandOptions(raw: unknown): ScoreCommandOptions {
  const options = parseFlags(scoreFlagsSchema, raw);
  if (options.json && options.jsonl) {
    throw new InvalidInputError("--json", "--json and --jsonl are two shapes of the same output: give one");
  }
  if (options.window !== undefined && options.stride !== undefined && options.stride > options.window) {
    throw new InvalidInputError(
      "--stride",
      `must be an integer from 1 to the window size ${options.window} (got "${options.stride}")`,
    );
  }
  return options;
}

/** One token in analyze's shape (exact bytes included) plus its index and surprisal in bits. */
function tokenRecord(token: ScoreResult["sequence"]["tokens"][number], index: number, top: number) {
  return {
    index,
    ...tokenJson(token, top),
    surprisalBits: token.logprob === null ? null : surprisalBits(token.logprob),
  };
}

/** The summary: counts and the model's perplexity and bits per byte. */
function summaryRecord(result: ScoreResult): Record<string, unknown> {
  const summary = summarizeSequence(result.sequence.tokens);
  return {
    tokens: result.sequence.tokens.length,
    tokenCount: summary.tokenCount,
    meanLogprob: summary.meanLogprob,
    jointLogprob: summary.jointLogprob,
    perplexity: result.perplexity,
    bitsPerByte: result.bitsPerByte,
    bosConditioned: result.bosConditioned,
    model: result.model,
  };
}

function summaryText(result: ScoreResult): string {
  const summary = summarizeSequence(result.sequence.tokens);
  const total = result.sequence.tokens.length;
  const unscored = total - summary.tokenCount;
  const counts =
    unscored === 0
      ? `tokens: ${total}`
      : `tokens: ${total} (${summary.tokenCount} scored${result.bosConditioned ? "" : "; the first has no logprob: nothing comes before it"})`;
  const lines = [
    `${counts}  perplexity: ${formatStatistic(result.perplexity)}  bits per byte: ${formatStatistic(result.bitsPerByte)}${summary.meanLogprob === null ? "" : `  mean logprob: ${formatNats(summary.meanLogprob)} nats`}`,
  ];
  const least = summary.leastConfident;
  if (least) {
    lines.push(
      `least confident: ${formatPosition(least.index)} ${escapeControlCharacters(quoteToken(least.token))} (${formatPercent(Math.exp(least.logprob))}, logprob ${formatNats(least.logprob)})`,
    );
  }
  lines.push(`model: ${result.model}`);
  return lines.join("\n");
}

/** Scores `text` with an open model and writes the output. */
export async function runScore(
  model: LogprobModel,
  text: string,
  options: ScoreCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<ScoreResult> {
  const progress = createProgressBar(io.stderr);
  let result: ScoreResult;
  try {
    result = await model.score({
      text,
      topLogprobs: options.top,
      ...(options.window !== undefined ? { windowSize: options.window } : {}),
      ...(options.stride !== undefined ? { stride: options.stride } : {}),
      onProgress: (done, total) => progress.update(done, total),
      ...(signal ? { signal } : {}),
    });
  } finally {
    progress.finish();
  }
  if (signal?.aborted) throw new CancelledError("interrupted before scoring finished");
  printWarnings(io, result.warnings);
  const tokens = result.sequence.tokens;
  if (options.json) {
    const records = tokens.map((token, index) => tokenRecord(token, index, options.top));
    const document = { tokens: records, summary: summaryRecord(result), text, model: result.model };
    io.stdout.write(`${JSON.stringify(document)}\n`);
    return result;
  }
  if (options.jsonl) {
    const lines = tokens.map((token, index) =>
      JSON.stringify({ type: "token", ...tokenRecord(token, index, options.top) }),
    );
    lines.push(JSON.stringify({ type: "summary", ...summaryRecord(result) }));
    io.stdout.write(`${lines.join("\n")}\n`);
    return result;
  }
  const depth = stdoutColorDepth(io);
  const body =
    depth === "none"
      ? renderAlternativesTable(tokens, { top: options.top, depth, surprisal: true })
      : `${renderHeatmap(tokens, depth)}\n\n${legendLine(depth)}`;
  io.stdout.write(`${body}\n\n${summaryText(result)}\n`);
  return result;
}

/** Adds `score` to the program. */
export function registerScore(program: Command): void {
  const command = program
    .command("score")
    .description("score a text: the logprob of every token, perplexity and bits per byte")
    .argument("<file>", 'text file to score, or "-" for stdin')
    .option("--json", "print one JSON object: tokens (with exact bytes), summary, text, model")
    .option("--jsonl", "print one JSON line per token, then a summary line")
    .option("--top <count>", `alternatives per token, 0 to ${MAX_TOP_ALTERNATIVES} (default: 0)`)
    .option(
      "--window <tokens>",
      "window in tokens for texts longer than the context, from 2 (default: the context)",
    )
    .option("--stride <tokens>", "tokens the window moves each step (default: half the window)");
  addModelOptions(command);
  command.action(async (file: string, raw: Record<string, unknown>) => {
    const options = parseScoreCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const text = await readTextInput(file, "FILE");
    const io = processIo();
    await withModel(modelOptions, io, { maxTopLogprobs: options.top }, (model, signal) =>
      runScore(model, text, options, io, signal),
    );
  });
}
