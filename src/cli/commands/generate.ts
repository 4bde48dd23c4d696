/**
 * `logprobe "PROMPT"` (the default command) and `logprobe generate "PROMPT"`: generates a
 * completion and shows how sure the model was of each token: a coloured heatmap, a table of the
 * top alternatives per token and a summary (perplexity, mean logprob, least confident token,
 * ambiguity points). `--json` prints one JSON object instead; `--abstain-below P` answers
 * "I'm not sure." when the least probable token's probability is below P, and says why.
 */
import type { Command } from "commander";
import { z } from "zod";
import { type AbstentionDecision, decideAbstention } from "../../core/analysis/decide-abstention.js";
import { CancelledError } from "../../core/errors.js";
import { generationResult } from "../../core/generation-result.js";
import type { GenerateResult, LogprobModel } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo, stdoutColorDepth } from "../command-io.js";
import { numberFlag } from "../flag-schemas.js";
import {
  addGenerationOptions,
  type GenerationOptions,
  generateRequest,
  parseGenerationOptions,
} from "../generation-options.js";
import { addModelOptions, parseModelOptions } from "../model-options.js";
import { parseFlags } from "../parse-flags.js";
import { resolvePrompt } from "../prompt-input.js";
import { leastConfidentRows, renderAlternativesTable } from "../render/alternatives-table.js";
import { legendLine } from "../render/color-scale.js";
import { createHeatmapPainter, renderHeatmap } from "../render/heatmap.js";
import { analysisJson } from "../render/json-output.js";
import { renderSummary } from "../render/summary-text.js";
import { requestedTopLogprobs } from "../requested-top-logprobs.js";
import {
  addSamplerOptions,
  parseSamplerOptions,
  type SamplerOptions,
  withSampler,
} from "../sampler-options.js";
import { withModel } from "../with-model.js";

/** What `--abstain-below` prints instead of the answer. */
export const ABSTENTION_ANSWER = "I'm not sure.";

/** Rows of the default token table: the least confident tokens (`--table` shows every token). */
export const SHORT_TABLE_ROWS = 8;

const outputFlagsSchema = z.object({
  json: z.boolean().default(false),
  table: z.boolean().default(false),
  abstainBelow: numberFlag({ min: 0, max: 1 }).optional(),
});

/** Validated options of the generate command. */
export interface GenerateCommandOptions {
  generation: GenerationOptions;
  json: boolean;
  /** Print a table row for every token (default: the {@link SHORT_TABLE_ROWS} least confident). */
  table?: boolean;
  /** Abstain when some token's probability is below this (0..1). */
  abstainBelow?: number;
  /** Custom-sampler flags (`--confidence-gate`, `--entropy-adaptive`). */
  sampler?: SamplerOptions;
}

/** Reads and validates the generate command's flags (commander's parsed options). */
export function parseGenerateCommandOptions(raw: unknown): GenerateCommandOptions {
  const output = parseFlags(outputFlagsSchema, raw);
  return {
    generation: parseGenerationOptions(raw),
    sampler: parseSamplerOptions(raw),
    json: output.json,
    table: output.table,
    ...(output.abstainBelow !== undefined ? { abstainBelow: output.abstainBelow } : {}),
  };
}

function jsonDocument(
  model: LogprobModel,
  result: GenerateResult,
  options: GenerateCommandOptions,
  abstention: AbstentionDecision | undefined,
) {
  return {
    ...analysisJson(
      result.sequence.provenance.source || model.source,
      result.sequence.tokens,
      options.generation.top,
    ),
    text: result.text,
    model: result.model,
    ...(result.sequence.provenance.evaluator ? { evaluator: result.sequence.provenance.evaluator } : {}),
    finishReason: result.finishReason,
    ...(abstention
      ? {
          answer: abstention.abstain ? ABSTENTION_ANSWER : result.text,
          abstention: {
            abstain: abstention.abstain,
            reason: abstention.reason,
            value: abstention.value,
            threshold: abstention.threshold,
            ...(abstention.position !== undefined ? { position: abstention.position } : {}),
          },
        }
      : {}),
  };
}

/**
 * Runs the command against an open model and writes its output. The heatmap streams token by
 * token unless `--json` or `--abstain-below` needs the whole answer first.
 */
export async function runGenerate(
  model: LogprobModel,
  prompt: string,
  options: GenerateCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<GenerateResult> {
  const request = {
    ...withSampler(generateRequest(prompt, options.generation), options.sampler),
    topLogprobs: requestedTopLogprobs(options.generation.top, model),
    ...(signal ? { signal } : {}),
  };
  const depth = stdoutColorDepth(io);
  const streamHeatmap = !options.json && options.abstainBelow === undefined;
  let result: GenerateResult;
  if (streamHeatmap) {
    const paintToken = createHeatmapPainter(depth);
    result = await generationResult(model.stream(request), (event) => {
      io.stdout.write(paintToken(event.token));
    });
  } else {
    result = await model.generate(request);
  }
  const tokens = result.sequence.tokens;
  const abstention =
    options.abstainBelow === undefined
      ? undefined
      : decideAbstention(tokens, { kind: "min-token-prob", threshold: options.abstainBelow });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(jsonDocument(model, result, options, abstention))}\n`);
  } else {
    if (abstention) {
      const answer = abstention.abstain ? ABSTENTION_ANSWER : renderHeatmap(tokens, depth);
      io.stdout.write(
        `${answer}\n(${abstention.abstain ? "abstained" : "answered"}: ${abstention.reason})\n`,
      );
    } else {
      io.stdout.write("\n");
    }
    const short = options.table !== true && tokens.length > SHORT_TABLE_ROWS;
    const rows = short ? leastConfidentRows(tokens, SHORT_TABLE_ROWS) : undefined;
    const table = renderAlternativesTable(tokens, {
      top: options.generation.top,
      depth,
      ...(rows ? { rows } : {}),
    });
    const sections = [
      ...(depth === "none" ? [] : [legendLine(depth)]),
      short
        ? `${table}\n(the ${rows?.length} least confident of ${tokens.length} tokens; --table shows every token)`
        : table,
      `${renderSummary(tokens)}\nfinish: ${result.finishReason}  model: ${result.model}`,
    ].filter((section) => section !== "");
    io.stdout.write(`\n${sections.join("\n\n")}\n`);
  }
  // Warnings last, so that they do not break into the streamed heatmap.
  printWarnings(io, result.warnings);
  if (signal?.aborted) {
    throw new CancelledError("interrupted: the output above covers the tokens generated before Ctrl-C");
  }
  return result;
}

/** Adds `generate` (also the default command) to the program. */
export function registerGenerate(program: Command): void {
  const command = program
    .command("generate", { isDefault: true })
    .description("generate a completion and show how sure the model was of each token (default command)")
    .argument(
      "[prompt]",
      "the prompt (a chat message with --chat); - reads stdin; piped stdin (or -f FILE) is joined before a prompt",
    )
    .option("-f, --file <path>", "read the prompt from a file (- for stdin)")
    .option("--json", "print one JSON object (tokens, summary, text, model) instead of the heatmap")
    .option("--table", `a table row for every token (default: the ${SHORT_TABLE_ROWS} least confident)`)
    .option(
      "--abstain-below <probability>",
      `answer "${ABSTENTION_ANSWER}" when some token's probability is below this, 0 to 1, and say why`,
    );
  addGenerationOptions(command);
  addSamplerOptions(command);
  addModelOptions(command);
  command.action(async (promptArgument: string | undefined, raw: Record<string, unknown>) => {
    const file = typeof raw.file === "string" ? raw.file : undefined;
    // `logprobe` alone on a terminal: show the program's help rather than wait for stdin.
    if (promptArgument === undefined && file === undefined && process.stdin.isTTY) program.help();
    const options = parseGenerateCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const prompt = await resolvePrompt({ argument: promptArgument, file });
    const io = processIo();
    const needs = { maxTopLogprobs: options.generation.top + 1 };
    await withModel(modelOptions, io, needs, (model, signal) =>
      runGenerate(model, prompt, options, io, signal),
    );
  });
}
