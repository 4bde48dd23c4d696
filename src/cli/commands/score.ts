/**
 * `logprobe score FILE|- [FILE...]`: the logprob of every token of a given text given the tokens
 * before it, as a heatmap (a per-token table when colour is off) or as JSON lines, then
 * perplexity and bits per byte. Long texts show a progress bar with tokens/s and ETA on stderr
 * when it is a terminal. Several files are scored `--parallel` at a time, each on its own context
 * sequence: a local model packs their tokens into shared decodes (`--batch-size` tokens each).
 */
import type { Command } from "commander";
import { z } from "zod";
import { summarizeSequence } from "../../core/analysis/summarize-sequence.js";
import { mapConcurrently } from "../../core/concurrency/map-concurrently.js";
import { formatPosition } from "../../core/display/display-units.js";
import { CancelledError, InvalidInputError } from "../../core/errors.js";
import { surprisalBits } from "../../core/math/surprisal.js";
import type { LogprobModel, ScoreResult } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo, stdoutColorDepth } from "../command-io.js";
import { integerFlag } from "../flag-schemas.js";
import { MAX_TOP_ALTERNATIVES } from "../generation-options.js";
import { addModelOptions, MAX_CONTEXT_SIZE, parseModelOptions } from "../model-options.js";
import { parallelFlag, parallelHelp, sequencesFor } from "../parallel-flag.js";
import { parseFlags } from "../parse-flags.js";
import { readTextInput } from "../read-text-input.js";
import { renderAlternativesTable } from "../render/alternatives-table.js";
import { legendLine } from "../render/color-scale.js";
import { formatNats, formatPercent, formatStatistic, quoteToken } from "../render/format-number.js";
import { escapeControlCharacters, renderHeatmap } from "../render/heatmap.js";
import { tokenJson } from "../render/json-output.js";
import { createProgressBar } from "../render/progress-bar.js";
import { textSegments } from "../text-segments.js";
import { withModel } from "../with-model.js";

const scoreFlagsSchema = z.object({
  json: z.boolean().default(false),
  jsonl: z.boolean().default(false),
  top: integerFlag({ min: 0, max: MAX_TOP_ALTERNATIVES }).default(0),
  window: integerFlag({ min: 2, max: MAX_CONTEXT_SIZE }).optional(),
  stride: integerFlag({ min: 1, max: MAX_CONTEXT_SIZE }).optional(),
  parallel: parallelFlag(),
});

/**
 * Bytes of stdin read whole (for `--json`, one document, or stdin among several files); a longer
 * input is refused, pointing to the streamed outputs.
 */
export const MAX_WHOLE_STDIN_BYTES = 8 * 1024 * 1024;

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
    ...(result.sequence.provenance.evaluator ? { evaluator: result.sequence.provenance.evaluator } : {}),
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

function scoreRequest(text: string, options: ScoreCommandOptions, signal?: AbortSignal) {
  return {
    text,
    topLogprobs: options.top,
    ...(options.window !== undefined ? { windowSize: options.window } : {}),
    ...(options.stride !== undefined ? { stride: options.stride } : {}),
    ...(signal ? { signal } : {}),
  };
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
      ...scoreRequest(text, options, signal),
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
  if (signal?.aborted) throw new CancelledError("interrupted before scoring finished");
  printWarnings(io, result.warnings);
  writeScore(result, options, io);
  return result;
}

/**
 * Scores several texts, `parallel` at a time (each on its own sequence, so a local model packs
 * them into shared decodes), then writes each one's output in input order. JSON lines carry the
 * file's name.
 */
export async function runScoreFiles(
  model: LogprobModel,
  files: readonly { name: string; text: string }[],
  options: ScoreCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<ScoreResult[]> {
  const results = await mapConcurrently(
    files,
    sequencesFor(options.parallel, files.length),
    (file) => model.score(scoreRequest(file.text, options, signal)),
    signal,
  );
  if (signal?.aborted) throw new CancelledError("interrupted before scoring finished");
  for (const [index, result] of results.entries()) {
    printWarnings(io, result.warnings);
    writeScore(result, options, io, files[index]!.name);
  }
  return results;
}

/** Characters of stdin scored per call when streaming (a segment holds 1 to 2 times this). */
export const STREAM_SEGMENT_CHARACTERS = 64 * 1024;
/** Characters before each segment scored again as its context (more than a window's tokens). */
export const STREAM_CONTEXT_CHARACTERS = 16 * 1024;

/**
 * Scores stdin as it arrives, for the heatmap/table and `--jsonl` outputs: segments of
 * {@link STREAM_SEGMENT_CHARACTERS}, each scored after the last {@link STREAM_CONTEXT_CHARACTERS}
 * of the text before it (whose tokens are not reported again), so every token keeps at least the
 * sliding window's context; each segment's tokens are written before the next is read, and the
 * summary (perplexity, bits per byte over all scored tokens) comes last. `contextCharacters` must
 * hold more tokens than the window for that guarantee. Memory is bounded by the
 * segment, not the input. A token that would straddle two segments is cut where they meet (the
 * segments end at line ends, which tokenizers do not merge across in practice).
 */
export async function runScoreStream(
  model: LogprobModel,
  segments: AsyncIterable<string>,
  options: ScoreCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
  contextCharacters = STREAM_CONTEXT_CHARACTERS,
): Promise<{ tokens: number; perplexity: number; bitsPerByte: number }> {
  let context = "";
  let index = 0;
  let scored = 0;
  let joint = 0;
  let bytes = 0;
  let bosConditioned = false;
  let least: { index: number; token: string; logprob: number } | undefined;
  let last: ScoreResult | undefined;
  let segmentCount = 0;
  const depth = stdoutColorDepth(io);
  for await (const segment of segments) {
    if (signal?.aborted) break;
    const result = await model.score(scoreRequest(context + segment, options, signal));
    if (signal?.aborted) break;
    printWarnings(io, result.warnings);
    // Where each token starts in the text the tokens spell, which may begin with a space the
    // tokenizer added (SentencePiece's dummy prefix): the cut moves by that much.
    const tokensOfText = result.sequence.tokens;
    const starts: number[] = [];
    let spelled = 0;
    for (const token of tokensOfText) {
      starts.push(spelled);
      spelled += token.token.length;
    }
    const added = Math.max(0, spelled - (context.length + segment.length));
    const fresh =
      context.length === 0
        ? tokensOfText
        : tokensOfText.filter((_, at) => starts[at]! >= context.length + added);
    if (last === undefined) bosConditioned = result.bosConditioned;
    last = result;
    segmentCount++;
    const summary = summarizeSequence(fresh);
    scored += summary.tokenCount;
    joint += summary.jointLogprob;
    for (const token of fresh) if (token.logprob !== null) bytes += token.bytes?.length ?? 0;
    if (summary.leastConfident && (least === undefined || summary.leastConfident.logprob < least.logprob)) {
      least = { ...summary.leastConfident, index: index + summary.leastConfident.index };
    }
    if (options.jsonl) {
      const lines = fresh.map((token, offset) =>
        JSON.stringify({ type: "token", ...tokenRecord(token, index + offset, options.top) }),
      );
      if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
    } else if (fresh.length > 0) {
      io.stdout.write(
        depth === "none"
          ? `${renderAlternativesTable(fresh, { top: options.top, depth, surprisal: true })}\n`
          : renderHeatmap(fresh, depth),
      );
    }
    index += fresh.length;
    const text = context + segment;
    context = text.slice(Math.max(0, text.length - contextCharacters));
  }
  if (signal?.aborted) throw new CancelledError("interrupted before scoring finished");
  // One segment: the model's own numbers (the same output as scoring the text as a file).
  const single = segmentCount === 1 ? last : undefined;
  const perplexityValue = single?.perplexity ?? (scored > 0 ? Math.exp(-joint / scored) : Number.NaN);
  const bitsPerByteValue = single?.bitsPerByte ?? (bytes > 0 ? -joint / (Math.LN2 * bytes) : Number.NaN);
  const modelName = last?.model ?? model.id;
  if (options.jsonl) {
    io.stdout.write(
      `${JSON.stringify({
        type: "summary",
        tokens: index,
        tokenCount: scored,
        meanLogprob: scored > 0 ? joint / scored : null,
        jointLogprob: joint,
        perplexity: perplexityValue,
        bitsPerByte: bitsPerByteValue,
        bosConditioned,
        model: modelName,
        ...(last?.sequence.provenance.evaluator ? { evaluator: last.sequence.provenance.evaluator } : {}),
      })}\n`,
    );
  } else {
    const lines = [
      `${depth === "none" ? "" : `\n\n${legendLine(depth)}\n\n`}tokens: ${index} (${scored} scored)  perplexity: ${formatStatistic(perplexityValue)}  bits per byte: ${formatStatistic(bitsPerByteValue)}${scored > 0 ? `  mean logprob: ${formatNats(joint / scored)} nats` : ""}`,
    ];
    if (least) {
      lines.push(
        `least confident: ${formatPosition(least.index)} ${escapeControlCharacters(quoteToken(least.token))} (${formatPercent(Math.exp(least.logprob))}, logprob ${formatNats(least.logprob)})`,
      );
    }
    lines.push(`model: ${modelName}`);
    io.stdout.write(`${lines.join("\n")}\n`);
  }
  return { tokens: index, perplexity: perplexityValue, bitsPerByte: bitsPerByteValue };
}

/** The output of one scored text (`file` names it when several are scored). */
function writeScore(result: ScoreResult, options: ScoreCommandOptions, io: CommandIo, file?: string): void {
  const tokens = result.sequence.tokens;
  if (options.json) {
    const records = tokens.map((token, index) => tokenRecord(token, index, options.top));
    const document = {
      ...(file !== undefined ? { file } : {}),
      tokens: records,
      summary: summaryRecord(result),
      text: result.sequence.text,
      model: result.model,
    };
    io.stdout.write(`${JSON.stringify(document)}\n`);
    return;
  }
  if (options.jsonl) {
    const named = (record: Record<string, unknown>) =>
      JSON.stringify(file === undefined ? record : { file, ...record });
    const lines = tokens.map((token, index) =>
      named({ type: "token", ...tokenRecord(token, index, options.top) }),
    );
    lines.push(named({ type: "summary", ...summaryRecord(result) }));
    io.stdout.write(`${lines.join("\n")}\n`);
    return;
  }
  if (file !== undefined) io.stdout.write(`== ${file} ==\n`);
  const depth = stdoutColorDepth(io);
  const body =
    depth === "none"
      ? renderAlternativesTable(tokens, { top: options.top, depth, surprisal: true })
      : `${renderHeatmap(tokens, depth)}\n\n${legendLine(depth)}`;
  io.stdout.write(`${body}\n\n${summaryText(result)}\n`);
}

/** Adds `score` to the program. */
export function registerScore(program: Command): void {
  const command = program
    .command("score")
    .description("score a text: the logprob of every token, perplexity and bits per byte")
    .argument("<files...>", 'text files to score, or "-" for stdin')
    .option("--json", "print one JSON object per file: tokens (with exact bytes), summary, text, model")
    .option("--jsonl", "print one JSON line per token, then a summary line")
    .option("--top <count>", `alternatives per token, 0 to ${MAX_TOP_ALTERNATIVES} (default: 0)`)
    .option(
      "--window <tokens>",
      "window in tokens for texts longer than the context, from 2 (default: the context)",
    )
    .option("--stride <tokens>", "tokens the window moves each step (default: half the window)")
    .option("--parallel <count>", parallelHelp("texts scored (when several files are given)"));
  addModelOptions(command);
  command.action(async (names: string[], raw: Record<string, unknown>) => {
    const options = parseScoreCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const io = processIo();
    if (names.length === 1 && names[0] === "-" && !options.json) {
      // stdin streams: memory bounded by a segment, output written as it is scored.
      await withModel(modelOptions, io, { maxTopLogprobs: options.top }, (model, signal) =>
        runScoreStream(
          model,
          textSegments(process.stdin, STREAM_SEGMENT_CHARACTERS, "FILE"),
          options,
          io,
          signal,
        ),
      );
      return;
    }
    const files: { name: string; text: string }[] = [];
    for (const name of names) {
      files.push({
        name,
        text: await readTextInput(name, "FILE", process.stdin, { maxStdinBytes: MAX_WHOLE_STDIN_BYTES }),
      });
    }
    if (files.length === 1) {
      await withModel(modelOptions, io, { maxTopLogprobs: options.top }, (model, signal) =>
        runScore(model, files[0]!.text, options, io, signal),
      );
      return;
    }
    const parallel = sequencesFor(options.parallel, files.length);
    await withModel(modelOptions, io, { maxTopLogprobs: options.top, parallel }, (model, signal) =>
      runScoreFiles(model, files, options, io, signal),
    );
  });
}
