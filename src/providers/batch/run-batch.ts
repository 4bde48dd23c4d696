/**
 * Runs a batch: many generate or score jobs from JSONL lines, at most `concurrency` at once, spread
 * over a {@link ModelPool}, one result line per input. A bad line or a failed request is recorded
 * with its error and the run goes on; ids already done are skipped; cancelled items (thrown
 * CancelledError, or a generation that returned `finishReason: "cancelled"`) are not written, so a
 * later run picks them up. A duplicate id's error line waits for the first item with that id: it
 * is written only once that item is, so an interrupted run never leaves the duplicate's line
 * standing for an item that was not done.
 */
import { ApiCallError, CancelledError, InvalidInputError } from "../../core/errors.js";
import { batchJobOf } from "./batch-item-schema.js";
import { type BatchResultLine, failureLine, generateLine, scoreLine } from "./batch-result.js";
import type { ModelPool } from "./model-pool.js";
import type { OpenAIBatchRequestMeta } from "./openai-batch-format.js";
import { parseBatchLine } from "./parse-batch-line.js";

/** Largest `concurrency` accepted. */
export const MAX_BATCH_CONCURRENCY = 256;

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  /** The input lines (blank lines are ignored). */
  lines: AsyncIterable<string> | Iterable<string>;
  pool: ModelPool;
  /** Jobs in flight at once, 1 to {@link MAX_BATCH_CONCURRENCY}. */
  concurrency: number;
  /**
   * Which ids this run takes (`--shard`); the others are left to other runs: not written, not
   * counted but in `seen`. Default all.
   */
  include?: (id: string) => boolean;
  /** Ids to skip (already in the output). */
  skipIds?: ReadonlySet<string>;
  /**
   * Receives each result line (and, for an OpenAI Batch API input line, what its output line needs:
   * see openai-batch-format.ts); awaited before the item counts as done.
   */
  write: (line: BatchResultLine, openai?: OpenAIBatchRequestMeta) => Promise<void>;
  /** Called after every finished or skipped item. */
  onProgress?: (stats: BatchStats) => void;
  /** Put each result's tokens in its line. */
  includeTokens?: boolean;
  /** Stops taking new items and cancels those in flight (which are then not written). */
  signal?: AbortSignal;
}

/** Counts of a run. */
export interface BatchStats {
  /** Input lines seen so far (non-blank). */
  seen: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Items cancelled before they finished (not written). */
  cancelled: number;
}

/**
 * @returns the counts when every line has been handled or the signal aborted
 * @throws {InvalidInputError} on field `--concurrency` when it is out of range
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchStats> {
  const { concurrency, pool } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_BATCH_CONCURRENCY) {
    throw new InvalidInputError(
      "--concurrency",
      `concurrency is ${concurrency}`,
      `an integer from 1 to ${MAX_BATCH_CONCURRENCY}`,
    );
  }
  const stats: BatchStats = { seen: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
  // Each id's first item: resolves true once its line is written, false when it was cancelled.
  const firstItems = new Map<string, Promise<boolean>>();
  const iterator = toAsyncIterator(options.lines);
  let lineNumber = 0;
  const report = () => options.onProgress?.({ ...stats });

  const nextLine = async (): Promise<{ text: string; number: number } | undefined> => {
    for (;;) {
      if (options.signal?.aborted) return undefined;
      const next = await iterator.next();
      if (next.done) return undefined;
      lineNumber++;
      if (next.value.trim() === "") continue;
      stats.seen++;
      return { text: next.value, number: lineNumber };
    }
  };

  const handle = async (text: string, number: number): Promise<void> => {
    const parsed = parseBatchLine(text, number);
    if (options.include && !options.include(parsed.id)) return;
    if (options.skipIds?.has(parsed.id)) {
      stats.skipped++;
      return;
    }
    const first = firstItems.get(parsed.id);
    if (first && !parsed.id.startsWith("line:")) {
      if (!(await first)) {
        stats.cancelled++;
        return;
      }
      const key = parsed.openai ? "custom_id" : "id";
      await options.write(
        failureLine(
          parsed.id,
          new InvalidInputError(
            `line ${number}.${key}`,
            `duplicate ${key} "${parsed.id}"`,
            `${key}s unique within the input`,
          ),
        ),
        parsed.openai,
      );
      stats.failed++;
      return;
    }
    let settle: (written: boolean) => void = () => {};
    firstItems.set(parsed.id, new Promise<boolean>((resolve) => (settle = resolve)));
    try {
      settle(await handleFirst(parsed));
    } catch (error) {
      settle(false);
      throw error;
    }
  };

  /** Runs an id's first item; true once its line is written, false when it was cancelled. */
  const handleFirst = async (parsed: ReturnType<typeof parseBatchLine>): Promise<boolean> => {
    if (!parsed.ok) {
      await options.write(failureLine(parsed.id, parsed.error), parsed.openai);
      stats.failed++;
      return true;
    }
    const job = batchJobOf(parsed.item);
    const includeTokens = (options.includeTokens ?? false) || parsed.openai !== undefined;
    let line: BatchResultLine;
    let server: string | undefined;
    try {
      line = await pool.use(async ({ model, label }) => {
        server = label;
        try {
          if (job.type === "score") {
            const result = await model.score({
              ...job.request,
              ...(options.signal ? { signal: options.signal } : {}),
            });
            return scoreLine(parsed.id, label, result, model.source, includeTokens);
          }
          const result = await model.generate({
            ...job.request,
            ...(options.signal ? { signal: options.signal } : {}),
          });
          // A model may stop early and report it instead of throwing; that result is partial.
          if (result.finishReason === "cancelled") throw new CancelledError();
          return generateLine(parsed.id, label, result, model.source, includeTokens);
        } catch (error) {
          if (error instanceof CancelledError || options.signal?.aborted) throw new CancelledError();
          // The pool tries these again, on another server first (see model-pool.ts).
          if (error instanceof ApiCallError && error.isRetryable) throw error;
          return failureLine(parsed.id, error, { type: job.type, server: label });
        }
      }, options.signal);
    } catch (error) {
      if (error instanceof CancelledError) {
        stats.cancelled++;
        return false;
      }
      // Every attempt the pool allows failed.
      line = failureLine(parsed.id, error, { type: job.type, ...(server ? { server } : {}) });
    }
    await options.write(line, parsed.openai);
    if (line.ok) stats.succeeded++;
    else stats.failed++;
    return true;
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      const line = await nextLine();
      if (!line) return;
      await handle(line.text, line.number);
      report();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return stats;
}

function toAsyncIterator(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncIterator<string> | Iterator<string> {
  if (Symbol.asyncIterator in lines) return (lines as AsyncIterable<string>)[Symbol.asyncIterator]();
  return (lines as Iterable<string>)[Symbol.iterator]();
}
