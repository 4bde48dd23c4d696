/**
 * Every command that opens a model takes the local-model flags of `modelFlags`, spelled the same:
 * one-model commands, the two-model ones (compare, detect) and doctor's self-test.
 */
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "./main.js";
import { modelFlags } from "./model-options.js";

const engineFlags = modelFlags
  .filter((flag) => flag.scope === "engine")
  .map((flag) => flag.flags.split(" <")[0]);

function flagsOf(command: Command): string[] {
  return command.options.map((option) => option.flags.split(" <")[0] ?? option.flags);
}

describe("model flags across commands", () => {
  const commands = buildProgram().commands;
  const named = (name: string) => commands.find((command) => command.name() === name) as Command;

  it("are the same -c/-t/--gpu/--batch-size/--gpu-layers on one-model, two-model commands and doctor", () => {
    expect(engineFlags).toEqual([
      "-c, --context-size",
      "-t, --threads",
      "--gpu",
      "--batch-size",
      "--gpu-layers",
    ]);
    for (const name of [
      "generate",
      "score",
      "beam",
      "classify",
      "calibrate",
      "vague",
      "batch",
      "serve",
      "compare",
      "detect",
      "doctor",
    ]) {
      expect(flagsOf(named(name)), name).toEqual(expect.arrayContaining(engineFlags));
    }
  });
});
