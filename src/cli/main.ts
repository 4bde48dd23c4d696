/**
 * The CLI's composition root. Commands are registered from small modules that import nothing
 * heavy at the top level: native code (the engine) is loaded inside an action, so `--help` stays
 * fast and never touches node-llama-cpp.
 */
import { Command, CommanderError } from "commander";
import { commandModules } from "./commands/index.js";
import { exitCodeFor, formatError } from "./exit.js";
import { rejectNearMissCommand } from "./suggest-command.js";

/** Builds the commander program with every command registered. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name("logprobe")
    .description("See how sure a language model is about its output, token by token.")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        '  logprobe "Once upon a time" --max-tokens 32     heatmap, top alternatives and summary',
        '  logprobe "The capital of France is" --json      tokens and summary as one JSON object',
        '  logprobe "Is 7 prime?" --chat --abstain-below 0.5',
        "  logprobe score story.txt --jsonl                per-token logprobs, perplexity, bits per byte",
        '  logprobe beam "Once upon a time" --width 4',
        "",
        "A local model: --model ./model.gguf (or LOGPROBE_MODEL). Exit codes: 0 ok, 1 failure,",
        "2 bad input, 3 model not loaded, 4 remote API failure, 130 interrupted.",
      ].join("\n"),
    );
  for (const register of commandModules) register(program);
  return program;
}

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    rejectNearMissCommand(
      argv.slice(2),
      program.commands.flatMap((command) => [command.name(), ...command.aliases()]),
    );
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message: help and version exit 0, usage errors (unknown
      // option, missing argument) exit 2 like every other bad input.
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`logprobe: ${formatError(error)}\n`);
    return exitCodeFor(error);
  }
}
