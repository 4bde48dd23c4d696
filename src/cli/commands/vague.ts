/**
 * `logprobe vague "PROMPT"`: how ambiguous a prompt is, from the entropy of the first generated
 * tokens and the disagreement among n seeded samples; explains which tokens branch (with their
 * alternatives) and lists the distinct sampled continuations.
 */
import type { Command } from "commander";
import { z } from "zod";
import { type PromptAmbiguity, promptAmbiguity } from "../../core/decisions/prompt-ambiguity.js";
import { formatPosition } from "../../core/display/display-units.js";
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo } from "../command-io.js";
import { integerFlag, numberFlag } from "../flag-schemas.js";
import { addModelOptions, parseModelOptions } from "../model-options.js";
import { parseFlags } from "../parse-flags.js";
import { resolvePrompt } from "../prompt-input.js";
import { formatNats, formatPercent, quoteToken } from "../render/format-number.js";
import { escapeControlCharacters } from "../render/heatmap.js";
import { renderColumns } from "../render/plain-columns.js";
import { withModel } from "../with-model.js";

const vagueFlagsSchema = z.object({
  samples: integerFlag({ min: 2, max: 256 }).default(8),
  tokens: integerFlag({ min: 1, max: 256 }).default(8),
  seed: integerFlag({ min: 0, max: 4_294_967_295 - 256 }).default(0),
  temperature: numberFlag({ min: 0, max: 2, exclusiveMin: true }).default(1),
  top: integerFlag({ min: 1, max: 20 }).default(5),
  branchPoints: integerFlag({ min: 0, max: 256 }).default(3),
  chat: z.boolean().default(false),
  json: z.boolean().default(false),
});

/** Validated options of the vague command. */
export type VagueCommandOptions = z.output<typeof vagueFlagsSchema>;

/**
 * Reads and validates the vague command's flags.
 * @throws {InvalidInputError} naming the flag and its allowed range
 */
export function parseVagueCommandOptions(raw: unknown): VagueCommandOptions {
  return parseFlags(vagueFlagsSchema, raw);
}

const shown = (text: string) => escapeControlCharacters(quoteToken(text));

/** The text output: the score and its parts, the branch points and the branches. */
export function renderAmbiguity(result: PromptAmbiguity, branchPoints: number): string {
  const lines = [
    `ambiguity: ${result.score.toFixed(3)}  (entropy part ${result.entropyScore.toFixed(3)}, disagreement ${result.disagreement.toFixed(3)}; 0 = clear, 1 = vague)`,
    `mean entropy of the first ${result.branchPoints.length} tokens: ${formatNats(result.meanEntropy)} nats${result.entropyExact ? "" : " (lower bound: top-k only)"}`,
    `greedy: ${shown(result.greedy)}`,
  ];
  const points = result.branchPoints.slice(0, branchPoints);
  if (points.length > 0) {
    lines.push("", "where it branches (most uncertain first):");
    for (const point of points) {
      const alternatives = point.alternatives
        .map((alternative) => `${shown(alternative.token)} ${formatPercent(Math.exp(alternative.logprob))}`)
        .join(", ");
      lines.push(
        `  token ${formatPosition(point.index)} ${shown(point.token)}: entropy ${formatNats(point.entropy)} nats; ${alternatives}`,
      );
    }
  }
  lines.push(
    "",
    `top branches of ${result.samples} samples:`,
    renderColumns([
      ["continuation", "samples", "share"],
      ...result.branches.map((branch) => [
        shown(branch.text),
        String(branch.count),
        formatPercent(branch.share),
      ]),
    ])
      .split("\n")
      .map((line) => `  ${line}`)
      .join("\n"),
    `model: ${result.model}`,
  );
  return lines.join("\n");
}

/** Measures the prompt with an open model and writes the output. */
export async function runVague(
  model: LogprobModel,
  prompt: string,
  options: VagueCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<PromptAmbiguity> {
  const result = await promptAmbiguity(model, prompt, {
    samples: options.samples,
    tokens: options.tokens,
    seed: options.seed,
    temperature: options.temperature,
    topLogprobs: options.top,
    chat: options.chat,
    ...(signal ? { signal } : {}),
  });
  printWarnings(io, result.warnings);
  io.stdout.write(
    options.json ? `${JSON.stringify(result)}\n` : `${renderAmbiguity(result, options.branchPoints)}\n`,
  );
  return result;
}

/** Adds `vague` to the program. */
export function registerVague(program: Command): void {
  const command = program
    .command("vague")
    .description(
      "how ambiguous a prompt is: first-token entropy and disagreement among sampled continuations",
    )
    .argument("<prompt>", "the prompt; - reads stdin (piped stdin is joined before a prompt)")
    .option("--samples <n>", "sampled continuations, 2 to 256 (default: 8)")
    .option("--tokens <n>", "tokens per continuation and entropy window, 1 to 256 (default: 8)")
    .option("--seed <integer>", "seed of the first sample; sample i uses seed + i (default: 0)")
    .option("--temperature <value>", "sampling temperature of the samples, above 0 to 2 (default: 1)")
    .option("--top <count>", "alternatives shown per branch point, 1 to 20 (default: 5)")
    .option("--branch-points <count>", "branch points shown, 0 to 256 (default: 3)")
    .option("--chat", "send the prompt as a user message through the model's chat template")
    .option("--json", "print one JSON object instead of the text");
  addModelOptions(command);
  command.action(async (argument: string, raw: Record<string, unknown>) => {
    const options = parseVagueCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const prompt = await resolvePrompt({ argument });
    if (prompt === "") throw new InvalidInputError("PROMPT", "the prompt is empty", "a non-empty prompt");
    const io = processIo();
    await withModel(modelOptions, io, { maxTopLogprobs: options.top }, (model, signal) =>
      runVague(model, prompt, options, io, signal),
    );
  });
}
