/**
 * `logprobe beam "PROMPT" --width W`: beam search. Prints the finished beams, best first, each with
 * its ranking score, cumulative logprob and a heatmap of its tokens (`--json`: one JSON object).
 */
import type { Command } from "commander";
import { z } from "zod";
import { UnsupportedError } from "../../core/errors.js";
import type { BeamSearchRequest, BeamSearchResult, LogprobModel } from "../../core/model.js";
import { type CommandIo, printWarnings, processIo, stdoutColorDepth } from "../command-io.js";
import { integerFlag, numberFlag, textFlag } from "../flag-schemas.js";
import {
  decodeEscapes,
  MAX_GENERATED_TOKENS,
  MAX_STOP_STRINGS,
  MAX_TOP_ALTERNATIVES,
} from "../generation-options.js";
import { addModelOptions, parseModelOptions } from "../model-options.js";
import { parseFlags } from "../parse-flags.js";
import { resolvePrompt } from "../prompt-input.js";
import { renderAlternativesTable } from "../render/alternatives-table.js";
import { legendLine } from "../render/color-scale.js";
import { formatNats } from "../render/format-number.js";
import { renderHeatmap } from "../render/heatmap.js";
import { analysisJson } from "../render/json-output.js";
import { requestedTopLogprobs } from "../requested-top-logprobs.js";
import { withModel } from "../with-model.js";

/** Largest `--width` accepted (the engine's limit). */
export const MAX_BEAM_WIDTH = 64;
/** Default `--width`. */
export const DEFAULT_BEAM_WIDTH = 4;
/** Default `--max-tokens` of beam search. */
export const DEFAULT_BEAM_MAX_TOKENS = 32;

const beamFlagsSchema = z.object({
  width: integerFlag({ min: 1, max: MAX_BEAM_WIDTH }).default(DEFAULT_BEAM_WIDTH),
  maxTokens: integerFlag({ min: 1, max: MAX_GENERATED_TOKENS }).default(DEFAULT_BEAM_MAX_TOKENS),
  lengthPenalty: numberFlag({ min: -10, max: 10 }).optional(),
  top: integerFlag({ min: 0, max: MAX_TOP_ALTERNATIVES }).default(0),
  stop: z
    .array(textFlag())
    .max(MAX_STOP_STRINGS, { message: `must be given at most ${MAX_STOP_STRINGS} times` })
    .default([]),
  chat: z.boolean().default(false),
  json: z.boolean().default(false),
});

/** Validated options of the beam command. */
export type BeamCommandOptions = z.output<typeof beamFlagsSchema>;

/** Reads and validates the beam command's flags (commander's parsed options). */
export function parseBeamCommandOptions(raw: unknown): BeamCommandOptions {
  return parseFlags(beamFlagsSchema, raw);
}

/** Builds the beam search request for `prompt` from the flags. */
export function beamRequest(prompt: string, options: BeamCommandOptions): BeamSearchRequest {
  return {
    ...(options.chat ? { messages: [{ role: "user" as const, content: prompt }] } : { prompt }),
    width: options.width,
    maxTokens: options.maxTokens,
    ...(options.lengthPenalty !== undefined ? { lengthPenalty: options.lengthPenalty } : {}),
    stop: options.stop.map(decodeEscapes),
  };
}

function jsonDocument(result: BeamSearchResult, options: BeamCommandOptions) {
  return {
    model: result.model,
    ...(result.beams[0]?.sequence.provenance.evaluator
      ? { evaluator: result.beams[0].sequence.provenance.evaluator }
      : {}),
    width: options.width,
    ...(options.lengthPenalty !== undefined ? { lengthPenalty: options.lengthPenalty } : {}),
    beams: result.beams.map((beam, index) => {
      const { tokens, summary } = analysisJson(
        beam.sequence.provenance.source,
        beam.sequence.tokens,
        options.top,
      );
      return {
        rank: index + 1,
        text: beam.text,
        score: beam.score,
        cumulativeLogprob: beam.cumulativeLogprob,
        finishReason: beam.finishReason,
        tokens,
        summary,
      };
    }),
  };
}

/**
 * Runs beam search on an open model and writes the beams.
 *
 * @throws {UnsupportedError} when the backend has no beam search
 */
export async function runBeam(
  model: LogprobModel,
  prompt: string,
  options: BeamCommandOptions,
  io: CommandIo,
  signal?: AbortSignal,
): Promise<BeamSearchResult> {
  if (!model.capabilities.beamSearch || !model.beamSearch) {
    throw new UnsupportedError(
      "beamSearch",
      `${model.source} model ${model.id} does not support beam search`,
    );
  }
  const result = await model.beamSearch({
    ...beamRequest(prompt, options),
    topLogprobs: requestedTopLogprobs(options.top, model),
    ...(signal ? { signal } : {}),
  });
  printWarnings(io, result.warnings);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(jsonDocument(result, options))}\n`);
    return result;
  }
  const depth = stdoutColorDepth(io);
  const sections = result.beams.map((beam, index) => {
    const header = `beam ${index + 1} of ${result.beams.length}  score ${formatNats(beam.score)}  cumulative logprob ${formatNats(beam.cumulativeLogprob)} nats  ${beam.sequence.tokens.length} tokens  finish: ${beam.finishReason}`;
    const table =
      options.top > 0
        ? `\n${renderAlternativesTable(beam.sequence.tokens, { top: options.top, depth })}`
        : "";
    return `${header}\n${renderHeatmap(beam.sequence.tokens, depth)}\n${table}`;
  });
  const legend = depth === "none" ? "" : `${legendLine(depth)}\n\n`;
  io.stdout.write(`${legend}${sections.join("\n")}`);
  return result;
}

/** Adds `beam` to the program. */
export function registerBeam(program: Command): void {
  const command = program
    .command("beam")
    .description("beam search: the most probable continuations, with how sure the model was of each token")
    .argument(
      "<prompt>",
      "the prompt (a chat message with --chat); - reads stdin (piped stdin is joined before it)",
    )
    .option(
      "-w, --width <beams>",
      `beams kept at each step, 1 to ${MAX_BEAM_WIDTH} (default: ${DEFAULT_BEAM_WIDTH})`,
    )
    .option(
      "-n, --max-tokens <count>",
      `tokens per beam, 1 to ${MAX_GENERATED_TOKENS} (default: ${DEFAULT_BEAM_MAX_TOKENS})`,
    )
    .option(
      "--length-penalty <alpha>",
      "rank beams by cumulative logprob / length^alpha, -10 to 10 (default: 1, the mean logprob; 0 = the sum)",
    )
    .option("--top <count>", `alternatives shown per token, 0 to ${MAX_TOP_ALTERNATIVES} (default: 0)`)
    .option(
      "--stop <text>",
      `end a beam before this text; repeatable up to ${MAX_STOP_STRINGS} times; \\n and \\t are understood`,
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--chat", "send the prompt as a user message through the model's chat template")
    .option("--json", "print one JSON object with every beam");
  addModelOptions(command);
  command.action(async (argument: string, raw: Record<string, unknown>) => {
    const options = parseBeamCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const prompt = await resolvePrompt({ argument });
    const io = processIo();
    await withModel(modelOptions, io, { maxTopLogprobs: options.top + 1 }, (model, signal) =>
      runBeam(model, prompt, options, io, signal),
    );
  });
}
