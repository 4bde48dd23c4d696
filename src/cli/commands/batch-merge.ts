/**
 * `logprobe batch-merge OUT... > all.jsonl`: joins the outputs of a sharded batch (`batch --shard
 * i/n`, one per machine or array task), after checking that no id is duplicated, every line is
 * whole, and (with `--input`) no input id is missing. When a check fails it writes nothing and
 * says which ids, so a rerun of the shards concerned can fix it.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../../core/errors.js";
import { type CommandIo, processIo } from "../command-io.js";
import { textFlag } from "../flag-schemas.js";
import { parseFlags } from "../parse-flags.js";

const mergeFlagsSchema = z.object({ input: textFlag().optional() });

/** What a merge did. */
export interface BatchMergeResult {
  lines: number;
  failed: number;
}

/**
 * Checks and merges `outputs` onto `io.stdout`.
 *
 * @throws {InvalidInputError} on field `OUT` when a file is absent, or when an id is duplicated or
 *   missing or a line unreadable (nothing is written then)
 */
export async function runBatchMerge(
  outputs: readonly string[],
  options: { input?: string },
  io: CommandIo,
): Promise<BatchMergeResult> {
  for (const path of [...outputs, ...(options.input !== undefined ? [options.input] : [])]) {
    if (!existsSync(path))
      throw new InvalidInputError(path === options.input ? "--input" : "OUT", `no such file: ${path}`);
  }
  const { checkBatchOutputs, describeMergeProblems, mergedLines } = await import(
    "../../providers/batch/merge-batch-outputs.js"
  );
  const check = await checkBatchOutputs(outputs, options.input);
  const problems = describeMergeProblems(check);
  if (problems.length > 0) {
    throw new InvalidInputError("OUT", `nothing merged: ${problems.join("; ")}`);
  }
  let buffered = "";
  for await (const line of mergedLines(outputs)) {
    buffered += `${line}\n`;
    if (buffered.length >= 64 * 1024) {
      await writeAll(io, buffered);
      buffered = "";
    }
  }
  if (buffered !== "") await writeAll(io, buffered);
  io.stderr.write(
    `logprobe: batch-merge: ${check.lines} lines from ${outputs.length} file(s)${check.failed > 0 ? `, ${check.failed} of them failed items` : ""}${options.input !== undefined ? "; every input id present once" : "; no id twice"}\n`,
  );
  return { lines: check.lines, failed: check.failed };
}

/** Writes `text`, waiting for a full pipe to drain (memory stays bounded whatever the outputs' size). */
function writeAll(io: CommandIo, text: string): Promise<void> {
  return new Promise((resolve) => {
    const flushed = io.stdout.write(text);
    const stream = io.stdout as { once?: (event: string, listener: () => void) => unknown };
    if (flushed === false && typeof stream.once === "function") stream.once("drain", resolve);
    else resolve();
  });
}

/** Registers `logprobe batch-merge`. */
export function registerBatchMergeCommand(program: Command): void {
  program
    .command("batch-merge")
    .description(
      "merge the outputs of sharded batch runs onto stdout, checking no id is missing or duplicated",
    )
    .argument("<outputs...>", "the --out files of the shards")
    .option("--input <file>", "the batch input: also check that every one of its ids is in an output")
    .action(async (outputs: string[], raw: Record<string, unknown>) => {
      const options = parseFlags(mergeFlagsSchema, raw);
      await runBatchMerge(outputs, options.input !== undefined ? { input: options.input } : {}, processIo());
    });
}
