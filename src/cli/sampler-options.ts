/**
 * Custom-sampler flags of `generate`: `--confidence-gate P` stops and returns what was generated
 * when the chosen token's probability falls under P; `--entropy-adaptive` samples each token with
 * an entropy-dependent temperature (EDT, `T = T0 * 0.8^(1 / H)` with T0 = `--temperature`, default 1).
 * They turn the sampling flags into a core {@link TokenSampler} (the embedded engine only; remote
 * providers answer with an "unsupported-option" warning).
 */
import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import type { GenerateRequest, TokenSampler } from "../core/model.js";
import { confidenceGate } from "../core/sampling/confidence-gate.js";
import { greedySampler, settingsSampler } from "../core/sampling/draw-with-settings.js";
import { entropyAdaptiveTemperature } from "../core/sampling/entropy-adaptive-temperature.js";
import { numberFlag } from "./flag-schemas.js";
import { parseFlags } from "./parse-flags.js";

const samplerFlagsSchema = z.object({
  confidenceGate: numberFlag({ min: 0, max: 1 }).optional(),
  entropyAdaptive: z.boolean().default(false),
});

/** Validated custom-sampler flags. */
export type SamplerOptions = z.output<typeof samplerFlagsSchema>;

/** Adds the custom-sampler flags to a command. Returns the command for chaining. */
export function addSamplerOptions(command: Command): Command {
  return command
    .option(
      "--confidence-gate <probability>",
      "stop and return what was generated when the chosen token's probability falls under this, 0 to 1 (local models)",
    )
    .option(
      "--entropy-adaptive",
      "sample with an entropy-adaptive temperature T = T0 * 0.8^(1/H), T0 = --temperature or 1 (local models)",
    );
}

/**
 * Reads the custom-sampler flags.
 * @throws {InvalidInputError} naming the flag when a value is out of range
 */
export function parseSamplerOptions(raw: unknown): SamplerOptions {
  return parseFlags(samplerFlagsSchema, raw);
}

/**
 * The request with the sampler the flags ask for: the request's own sampling settings become the
 * sampler's (greedy when the temperature is 0 or absent), and only the seed stays in `sampling`.
 * Unchanged when no sampler flag is set.
 *
 * @throws {InvalidInputError} (`--repeat-penalty`) when a repeat penalty is combined with a sampler flag
 */
export function withSampler(request: GenerateRequest, options: SamplerOptions | undefined): GenerateRequest {
  if (!options || (options.confidenceGate === undefined && !options.entropyAdaptive)) return request;
  const { seed, repeatPenalty, temperature, ...truncation } = request.sampling ?? {};
  if (repeatPenalty !== undefined && repeatPenalty !== 1) {
    throw new InvalidInputError(
      "--repeat-penalty",
      "does not combine with --confidence-gate or --entropy-adaptive",
      "1 (off) with a sampler flag",
    );
  }
  let sampler: TokenSampler;
  if (options.entropyAdaptive) {
    sampler = entropyAdaptiveTemperature({ baseTemperature: temperature || 1, truncation });
  } else if (temperature !== undefined && temperature > 0) {
    sampler = settingsSampler({ temperature, ...truncation });
  } else {
    sampler = greedySampler;
  }
  if (options.confidenceGate !== undefined) sampler = confidenceGate(options.confidenceGate, sampler);
  const { sampling: _dropped, ...rest } = request;
  return { ...rest, ...(seed !== undefined ? { sampling: { seed } } : {}), sampler };
}
