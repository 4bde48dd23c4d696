/**
 * `logprobe compare FILE --base MODEL --model MODEL`: two models on the same text, token by token:
 * KL(base || model), top-1 agreement, the change of each token's logprob, and the most divergent
 * tokens, with llama-perplexity's summary (mean/median/p99 KLD, same top p). Exact for local models
 * (full distributions streamed window by window in bounded memory); with a remote API only top-k
 * is known, so KL is given as bounds, with a warning. `--json` prints the whole result.
 */
import type { Command } from "commander";
import { z } from "zod";
import { compareModels, DEFAULT_COMPARE_TOP_K } from "../../core/compare/compare-models.js";
import type { CompareResult } from "../../core/compare/compare-result.js";
import { CancelledError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo, stdoutColorDepth } from "../command-io.js";
import { choiceFlag, integerFlag } from "../flag-schemas.js";
import { MAX_TOP_ALTERNATIVES } from "../generation-options.js";
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
import { divergenceLegend, renderCompareSummary, renderDivergenceText } from "../render/divergence-text.js";
import { createProgressBar } from "../render/progress-bar.js";

const compareFlagsSchema = z.object({
  json: z.boolean().default(false),
  top: integerFlag({ min: 1, max: MAX_TOP_ALTERNATIVES }).default(DEFAULT_COMPARE_TOP_K),
  window: integerFlag({ min: 2, max: MAX_CONTEXT_SIZE }).optional(),
  stride: integerFlag({ min: 1, max: MAX_CONTEXT_SIZE }).optional(),
  windowing: choiceFlag(["sliding", "llama-perplexity"]).default("sliding"),
});

/** Validated options of the compare command. */
export type CompareCommandOptions = z.output<typeof compareFlagsSchema>;

/** Reads the compare command's own flags. @throws {InvalidInputError} naming the flag */
export function parseCompareCommandOptions(raw: unknown): CompareCommandOptions {
  return parseFlags(compareFlagsSchema, raw);
}

/** Compares the two open models on `text` and writes the output. */
export async function runCompare(
  base: LogprobModel,
  model: LogprobModel,
  text: string,
  options: CompareCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<CompareResult> {
  const progress = createProgressBar(io.stderr);
  let result: CompareResult;
  try {
    result = await compareModels(base, model, text, {
      topK: options.top,
      windowing: options.windowing,
      windowSize: options.window,
      stride: options.stride,
      signal,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
  if (signal?.aborted) throw new CancelledError("interrupted before the comparison finished");
  printWarnings(io, result.warnings);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return result;
  }
  const depth = stdoutColorDepth(io);
  const painted =
    depth === "none" ? "" : `${renderDivergenceText(result, depth)}\n\n${divergenceLegend(depth)}\n\n`;
  io.stdout.write(`${painted}${renderCompareSummary(result)}\n`);
  return result;
}

/** Adds `compare` to the program. */
export function registerCompare(program: Command): void {
  const command = program
    .command("compare")
    .description(
      "compare two models on a text token by token: KL divergence, top-1 agreement, logprob change",
    )
    .argument("<file>", 'text file, or "-" for stdin')
    .requiredOption("--base <model>", `the reference model P of KL(P || Q): ${MODEL_SPEC_HELP}`)
    .requiredOption("-m, --model <model>", `the model compared with it, Q: ${MODEL_SPEC_HELP}`)
    .option("--json", "print the whole result as one JSON object")
    .option(
      "--top <count>",
      `alternatives asked of a remote model (top-k bounds), 1 to ${MAX_TOP_ALTERNATIVES} (default: ${DEFAULT_COMPARE_TOP_K})`,
    )
    .option("--window <tokens>", "tokens per forward pass, BOS included (default: the context)")
    .option("--stride <tokens>", "tokens the sliding window moves (default: half the window)")
    .option(
      "--windowing <plan>",
      '"sliding": every token, as score does; "llama-perplexity": its chunks (second half of each window), to compare with that tool (default: sliding)',
    );
  addModelPairOptions(command, ["base", "model"]);
  command.action(async (file: string, raw: Record<string, unknown>) => {
    const options = parseCompareCommandOptions({
      json: raw.json,
      top: raw.top,
      window: raw.window,
      stride: raw.stride,
      windowing: raw.windowing,
    });
    const base = parseModelSpec(raw.base, "--base");
    const model = parseModelSpec(raw.model, "--model");
    const flags = parseModelPairOptions(raw, ["base", "model"]);
    const text = await readTextInput(file, "FILE");
    const io = processIo();
    await withModelPair(base, model, flags, io, { maxTopLogprobs: options.top }, (first, second, signal) =>
      runCompare(first, second, text, options, io, signal),
    );
  });
}
