/**
 * `logprobe analyze FILE|-`: reads logprobs someone already has (a saved API response, a stream
 * capture, a llama.cpp/vLLM/Ollama/Gemini answer), detects the format (or takes `--format`), and
 * prints a token table (token, probability, logprob, rank, top alternatives) and a summary.
 * `--json` prints exactly one JSON object instead. Tokens holding part of a character in a damaged
 * form (Ollama's U+FFFD bytes, DeepSeek's escaped bytes, vLLM's empty strings) are named in a
 * warning on stderr (and `warnings` in JSON); escaped bytes are read back exactly. Loads no model.
 */
import type { Command } from "commander";
import { z } from "zod";
import { repairPartialCharacters } from "../../core/analysis/damaged-partial-characters.js";
import { formatPosition } from "../../core/display/display-units.js";
import type { LogprobSequence } from "../../core/types.js";
import { FORMAT_NAMES, type FormatName } from "../../wire/format-name.js";
import { parseLogprobsText, toFormatName } from "../../wire/parse-logprobs.js";
import { type CommandIo, printWarnings, processIo, stdoutColorDepth } from "../command-io.js";
import { integerFlag } from "../flag-schemas.js";
import { DEFAULT_TOP_ALTERNATIVES, MAX_TOP_ALTERNATIVES } from "../generation-options.js";
import { parseFlags } from "../parse-flags.js";
import { readTextInput, type StdinSource } from "../read-text-input.js";
import { analysisJson } from "../render/json-output.js";
import { renderSummary } from "../render/summary-text.js";
import { renderTokenTable } from "../render/table.js";

const analyzeFlagsSchema = z.object({
  format: z.string().optional(),
  json: z.boolean().default(false),
  top: integerFlag({ min: 0, max: MAX_TOP_ALTERNATIVES }).default(DEFAULT_TOP_ALTERNATIVES),
});

/** Validated options of the analyze command. */
export interface AnalyzeCommandOptions {
  /** Forced input format; detected when absent. */
  format?: FormatName;
  json: boolean;
  /** Alternatives shown per row of the table (the JSON output keeps all of them). */
  top: number;
}

/**
 * Reads and validates the analyze command's flags (commander's parsed options).
 * @throws {InvalidInputError} naming the flag (`--format`, `--top`) and the allowed values
 */
export function parseAnalyzeCommandOptions(raw: unknown): AnalyzeCommandOptions {
  const flags = parseFlags(analyzeFlagsSchema, raw);
  return {
    json: flags.json,
    top: flags.top,
    ...(flags.format === undefined ? {} : { format: toFormatName(flags.format, "--format") }),
  };
}

function headerLine(format: FormatName, sequence: LogprobSequence): string {
  const { source, model, distribution } = sequence.provenance;
  return `format: ${format}  source: ${source}${model ? `  model: ${model}` : ""}  distribution: ${distribution}`;
}

/**
 * Parses `text` and writes the analysis to `io.stdout`. Nothing is written before the whole input
 * has parsed, so bad input leaves stdout empty.
 * @throws {InvalidInputError} naming the JSON path (or line and column) of the first problem
 */
export function runAnalyze(text: string, options: AnalyzeCommandOptions, io: CommandIo): LogprobSequence {
  const parsed = parseLogprobsText(text, options.format ? { format: options.format } : {});
  const format = parsed.format;
  // Pieces of characters split across tokens, in the damaged forms some servers send them.
  const { tokens, reports } = repairPartialCharacters(parsed.sequence.tokens);
  const sequence = { ...parsed.sequence, tokens };
  printWarnings(
    io,
    reports.map((report) => ({
      field: `tokens ${report.positions.map(formatPosition).join(", ")}`,
      message: report.message,
    })),
  );
  if (options.json) {
    const document = {
      ...analysisJson(format, tokens),
      provenance: sequence.provenance,
      ...(sequence.text === undefined ? {} : { text: sequence.text }),
      ...(reports.length > 0 ? { warnings: reports } : {}),
    };
    io.stdout.write(`${JSON.stringify(document)}\n`);
    return sequence;
  }
  const sections = [
    headerLine(format, sequence),
    renderTokenTable(tokens, { top: options.top, depth: stdoutColorDepth(io) }),
    ...(tokens.some((token) => token.prompt) ? ["* prompt token (echo / prompt logprobs)"] : []),
    renderSummary(tokens),
  ].filter((section) => section !== "");
  io.stdout.write(`${sections.join("\n\n")}\n`);
  return sequence;
}

/** Adds `analyze` to the program. */
export function registerAnalyzeCommand(program: Command): void {
  program
    .command("analyze")
    .description("analyse logprobs saved from an API or server: token table and summary (no model needed)")
    .argument("<file>", "a JSON response, NDJSON or SSE capture; - reads stdin")
    .option("--format <name>", `input format instead of detecting it: ${FORMAT_NAMES.join(", ")}`)
    .option(
      "--json",
      "print one JSON object (format, tokens, summary, provenance, text) instead of the table",
    )
    .option(
      "--top <n>",
      `alternatives shown per token in the table, 0 to ${MAX_TOP_ALTERNATIVES} (default: ${DEFAULT_TOP_ALTERNATIVES})`,
    )
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseAnalyzeCommandOptions(raw);
      const text = await readTextInput(file, "FILE", process.stdin as StdinSource);
      runAnalyze(text, options, processIo());
    });
}
