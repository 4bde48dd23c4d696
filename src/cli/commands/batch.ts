/**
 * `logprobe batch INPUT.jsonl --out OUT.jsonl`: runs many prompts or scoring jobs, at most
 * `--concurrency` at once, across one or several servers (`--base-url` repeated; round-robin or
 * least-busy), with a progress bar on stderr. One result line per input with the summary metrics;
 * a bad line or failed request is recorded with its error and the run goes on. Over several
 * servers a failed request fails over to another, down servers are skipped and probed, and a
 * per-server table ends the run (see ../batch-fleet.ts); items that failed on every server make
 * the exit code 4. `--shard i/n` takes one part of the input (see batch-shard.ts). Resumable: ids
 * already in OUT are skipped (`--retry-failed` reruns the failed ones), and a line torn by a kill
 * is cut off. SIGINT/SIGTERM stop it cleanly (exit 130): finished lines are kept, items in flight
 * are not written, a rerun resumes.
 *
 * Input lines: `{"id": "q1", "prompt": "..."}`, `{"id": 2, "messages": [...]}` or
 * `{"id": "s1", "score": "text to score"}`, with optional maxTokens, topLogprobs, temperature,
 * topP, topK, minP, seed, stop, echo (or the API's names max_tokens, top_logprobs, top_p, top_k,
 * min_p); or OpenAI Batch API lines `{"custom_id", "method", "url", "body"}`, whose results are
 * written as `{"id", "custom_id", "response": {"status_code", "body"}, "error"}` like
 * `vllm run-batch`.
 */
import { createReadStream, existsSync, realpathSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { z } from "zod";
import { ApiCallError, CancelledError, InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { parseShard } from "../../providers/batch/batch-shard.js";
import { type FleetSettings, openFleet } from "../batch-fleet.js";
import { type CommandIo, processIo } from "../command-io.js";
import { choiceFlag, integerFlag, textFlag } from "../flag-schemas.js";
import {
  addModelOptions,
  type ModelOptions,
  openModel,
  openProviderModels,
  parseModelOptions,
} from "../model-options.js";
import { MAX_PARALLEL_SEQUENCES } from "../parallel-flag.js";
import { parseFlags } from "../parse-flags.js";
import { createProgressBar } from "../render/progress-bar.js";
import { stopSignals } from "../stop-signals.js";

/** Largest `--concurrency`. */
export const MAX_CONCURRENCY = 256;

const batchFlagsSchema = z.object({
  out: textFlag(),
  concurrency: integerFlag({ min: 1, max: MAX_CONCURRENCY }).default(4),
  strategy: choiceFlag(["round-robin", "least-busy"]).default("round-robin"),
  retryFailed: z.boolean().default(false),
  tokens: z.boolean().default(false),
  shard: textFlag().optional(),
  downAfter: integerFlag({ min: 1, max: 1000 }).default(3),
});

/** Validated batch flags. */
export type BatchCommandOptions = z.output<typeof batchFlagsSchema>;

/**
 * Reads and validates the batch flags.
 *
 * @throws {InvalidInputError} naming the flag when a value is out of range or `--out` is missing
 */
export function parseBatchCommandOptions(raw: unknown): BatchCommandOptions {
  const record = (raw ?? {}) as Record<string, unknown>;
  if (record.out === undefined)
    throw new InvalidInputError("--out", "is required", "a path for the result lines");
  const options = parseFlags(batchFlagsSchema, raw);
  if (options.shard !== undefined) parseShard(options.shard);
  return options;
}

/** Counts the non-blank lines of a file that `include` takes (for the progress bar's total). */
async function countLines(
  path: string,
  include?: (line: string, number: number) => boolean,
): Promise<number> {
  let count = 0;
  let number = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    number++;
    if (line.trim() !== "" && (include?.(line, number) ?? true)) count++;
  }
  return count;
}

/**
 * One opened model per server, labelled with its URL; or the local model, with one context sequence
 * per request in flight (up to 64), so that `concurrency` requests are packed into shared decodes.
 */
async function openMembers(
  modelOptions: ModelOptions,
  concurrency: number,
): Promise<{ model: LogprobModel; label: string }[]> {
  if (modelOptions.provider === undefined) {
    const { BATCH_MAX_TOP_LOGPROBS } = await import("../../providers/batch/index.js");
    const model = await openModel(modelOptions, {
      maxTopLogprobs: BATCH_MAX_TOP_LOGPROBS,
      parallel: Math.min(concurrency, MAX_PARALLEL_SEQUENCES),
    });
    return [{ model, label: "engine" }];
  }
  const baseUrls =
    modelOptions.baseUrl && modelOptions.baseUrl.length > 0 ? modelOptions.baseUrl : [undefined];
  // One attempt per request: the pool retries, on another server first (see batch-fleet.ts).
  const models = await openProviderModels({ ...modelOptions, maxRetries: 0 }, baseUrls);
  return models.map((model, index) => ({
    model,
    label: baseUrls[index] ?? modelOptions.provider ?? "provider",
  }));
}

/**
 * Runs the batch: reads INPUT ("-" for stdin), appends to `options.out`, draws progress on stderr
 * and prints a one-line account at the end.
 *
 * @returns the counts of the run
 * @throws {CancelledError} when interrupted (the items in flight are not written, so a rerun resumes)
 */
export async function runBatchCommand(
  input: string,
  options: BatchCommandOptions,
  members: { model: LogprobModel; label: string }[],
  io: CommandIo,
  signal?: AbortSignal,
  fleetSettings: Pick<FleetSettings, "maxRetries" | "remote"> = { remote: false },
) {
  const {
    JsonLinesWriter,
    inShard,
    parseBatchLine,
    readExistingOutput,
    repairTornTail,
    runBatch,
    toOpenAIBatchOutput,
  } = await import("../../providers/batch/index.js");
  if (input !== "-" && !existsSync(input)) {
    throw new InvalidInputError("INPUT", `no such file: ${input}`, 'a JSONL file, or "-" for stdin');
  }
  if (input !== "-" && existsSync(options.out) && realpathSync(input) === realpathSync(options.out)) {
    throw new InvalidInputError(
      "--out",
      `the output file ${options.out} is the input file; results are appended to --out, so it must be another file`,
      "a file other than INPUT",
    );
  }
  const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
  let otherShards = 0;
  const include = shard
    ? (id: string) => {
        const taken = inShard(id, shard);
        if (!taken) otherShards++;
        return taken;
      }
    : undefined;
  // A line cut short by a killed run (SIGKILL mid-write) is cut off, so appends start a fresh line.
  await repairTornTail(options.out);
  const existing = await readExistingOutput(options.out, { retryFailed: options.retryFailed });
  const total =
    input === "-"
      ? 0
      : await countLines(input, shard && ((line, number) => inShard(parseBatchLine(line, number).id, shard)));
  const progress = createProgressBar(io.stderr, { unit: "items", rateUnit: "items/s" });
  const fleet = await openFleet(
    members,
    { ...fleetSettings, strategy: options.strategy, downAfter: options.downAfter },
    io,
    () => progress.finish(),
  );
  const pool = fleet.pool;
  // Items whose every attempt failed with a retryable error (servers down, overloaded).
  let failedEverywhere = 0;
  const writer = await JsonLinesWriter.open(options.out);
  // No await between here and runBatch: readline emits lines as soon as the stream flows, and its
  // async iterator (made when runBatch starts) would miss the ones emitted before it exists.
  const source = input === "-" ? process.stdin : createReadStream(input);
  const lines = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    const stats = await runBatch({
      lines,
      pool,
      concurrency: options.concurrency,
      skipIds: existing.completed,
      ...(include ? { include } : {}),
      includeTokens: options.tokens,
      // An OpenAI Batch API input line gets its output line in that format (as vllm run-batch).
      write: (line, openai) => {
        if (!line.ok && line.error.retryable === true) failedEverywhere++;
        return writer.write(openai ? toOpenAIBatchOutput(line, openai) : line);
      },
      onProgress: (state) => {
        const done = state.succeeded + state.failed + state.skipped;
        progress.update(done, Math.max(total, state.seen - otherShards), fleet.progressSegment());
      },
      ...(signal ? { signal } : {}),
    });
    progress.finish();
    fleet.printTable();
    const servers =
      members.length > 1 ? ` over ${members.length} servers (${pool.started.join("/")} requests)` : "";
    const shardText = shard
      ? ` (shard ${shard.index}/${shard.count}; ${otherShards} left to other shards)`
      : "";
    io.stderr.write(
      `logprobe: batch: ${stats.succeeded} succeeded, ${stats.failed} failed, ${stats.skipped} skipped${servers}${shardText} -> ${options.out}\n`,
    );
    if (stats.cancelled > 0 || signal?.aborted) {
      throw new CancelledError(
        `cancelled; ${stats.cancelled} item(s) in flight were not written; run again to resume`,
      );
    }
    if (failedEverywhere > 0) {
      // A non-zero exit, so that a scheduler (Slurm, a Kubernetes Job) runs the task again.
      throw new ApiCallError({
        message: `${failedEverywhere} item(s) failed on every server with retryable errors; run again with --retry-failed to retry them`,
        url: members.map(({ label }) => label).join(", "),
        isRetryable: true,
      });
    }
    return stats;
  } finally {
    pool.close();
    progress.finish();
    lines.close();
    await writer.close();
  }
}

/** Registers `logprobe batch`. */
export function registerBatchCommand(program: Command): void {
  const command = program
    .command("batch")
    .description("run many prompts or scoring jobs from a JSONL file, one result line each (resumable)")
    .argument(
      "<input>",
      'JSONL file: {"id", "prompt" | "messages" | "score", ...options} or OpenAI Batch API {"custom_id", "method", "url", "body"} per line, or "-" for stdin',
    )
    .option("-o, --out <file>", "JSONL file the results are appended to; ids already in it are skipped")
    .option(
      "--concurrency <count>",
      `requests in flight at once, 1 to ${MAX_CONCURRENCY} (default: 4); a local model packs up to ${MAX_PARALLEL_SEQUENCES} of them into shared decodes`,
    )
    .option(
      "--strategy <name>",
      '"round-robin" or "least-busy" across several --base-url (default: round-robin)',
    )
    .option("--retry-failed", "run again the ids whose line in --out records an error")
    .option("--tokens", "put every token with its logprob and alternatives in the result lines")
    .option(
      "--shard <i/n>",
      "take only shard i of n (0 <= i < n), chosen by a hash of each id: n runs with i = 0..n-1 cover the input once (merge with batch-merge)",
    )
    .option(
      "--down-after <count>",
      "failed requests in a row that mark a server down until it answers a probe, 1 to 1000 (default: 3)",
    );
  addModelOptions(command);
  command.action(async (input: string, raw: Record<string, unknown>) => {
    const options = parseBatchCommandOptions(raw);
    const modelOptions = parseModelOptions(raw);
    const io = processIo();
    // The first SIGINT/SIGTERM stops taking items and cancels those in flight (not written, so a
    // rerun resumes them); a second one exits at once.
    const signals = stopSignals(io, (signal) =>
      io.stderr.write(
        `\nlogprobe: ${signal}: stopping; items in flight are not written (again to exit at once)\n`,
      ),
    );
    try {
      const members = await openMembers(modelOptions, options.concurrency);
      try {
        await runBatchCommand(input, options, members, io, signals.signal, {
          remote: modelOptions.provider !== undefined,
          ...(modelOptions.maxRetries !== undefined ? { maxRetries: modelOptions.maxRetries } : {}),
        });
      } finally {
        await Promise.all(members.map(({ model }) => model.close?.()));
      }
    } finally {
      signals.dispose();
    }
  });
}
