/**
 * The loop of `logprobe choose`: scores multiple-choice items as they are read, `parallel` at a
 * time, appends each result to the `--output` file as soon as it is known (so an interrupted or
 * failed run keeps every scored item, and a rerun with the same file skips them), and sums lm-eval's
 * accuracies. Memory: the items in flight plus three 0/1 scores per item.
 */
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { CancelledError, InvalidInputError } from "../core/errors.js";
import type { LogprobModel, ModelWarning } from "../core/model.js";
import type { ChoiceItemMetrics } from "../core/multiple-choice/choice-metrics.js";
import { type ChoiceSummary, summarizeChoices } from "../core/multiple-choice/choice-summary.js";
import { scoreChoiceItem } from "../core/multiple-choice/score-choice-item.js";
import type { ChoiceLineItem } from "../wire/multiple-choice/choice-json-line.js";

/** One scored item as written to `--output` and shown with `--per-item`. */
export interface ChoiceItemRecord extends ChoiceItemMetrics {
  /** 0-based item number in the file. */
  index: number;
  /** 1-based line (task number for the binary format). */
  line: number;
  id?: string | number;
  gold: number;
  loglikelihoods: number[];
  tokenCounts: number[];
  /** llama-perplexity's choice (mean logprob after the choices' shared tokens); null when unknown. */
  predLlamaPerplexity?: number | null;
}

/** What a run produced. */
export interface ChooseRun {
  summary: ChoiceSummary;
  /** Every item's record, in item order (only when `keepItems`). */
  items: ChoiceItemRecord[];
  /** Items taken from the `--output` file of an earlier run. */
  resumed: number;
  warnings: ModelWarning[];
}

/** Options of {@link runChoose}. */
export interface ChooseRunOptions {
  parallel: number;
  /** JSONL file of item records: read to resume, appended to as items finish. */
  output?: string;
  /** Keep every record in memory for the report (`--per-item`). */
  keepItems: boolean;
  onItem?: (record: ChoiceItemRecord, done: number) => void;
  signal?: AbortSignal;
}

/**
 * The records of an earlier run's output file, by item index; a cut-short last line (a run killed
 * mid-write) is dropped and the file rewritten without it. A missing file is an empty run.
 */
export async function readPreviousRecords(path: string): Promise<Map<number, ChoiceItemRecord>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new InvalidInputError(
      "--output",
      `cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? error})`,
      "a readable file",
    );
  }
  const records = new Map<number, ChoiceItemRecord>();
  const lines = text.split("\n");
  const kept: string[] = [];
  for (const [number, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let record: ChoiceItemRecord;
    try {
      record = JSON.parse(line) as ChoiceItemRecord;
    } catch {
      if (number >= lines.length - 2) break;
      throw new InvalidInputError(
        "--output",
        `line ${number + 1} of "${path}" is not a record of an earlier run`,
        "a file written by logprobe choose",
      );
    }
    if (!Number.isInteger(record.index) || ![0, 1].includes(record.acc) || ![0, 1].includes(record.accNorm)) {
      throw new InvalidInputError(
        "--output",
        `line ${number + 1} of "${path}" is not a record of an earlier run`,
        "a file written by logprobe choose",
      );
    }
    records.set(record.index, record);
    kept.push(line);
  }
  if (kept.length !== lines.filter((line) => line.trim() !== "").length)
    await writeFile(path, kept.map((line) => `${line}\n`).join(""));
  return records;
}

/** Scores `items` with `model`; see the module comment. Throws the first error after saving the items in flight. */
export async function runChoose(
  model: LogprobModel,
  items: AsyncIterable<ChoiceLineItem>,
  options: ChooseRunOptions,
): Promise<ChooseRun> {
  const previous = options.output !== undefined ? await readPreviousRecords(options.output) : new Map();
  const scores: Pick<ChoiceItemMetrics, "acc" | "accNorm" | "accBytes">[] = [];
  const records: ChoiceItemRecord[] = [];
  const warnings: ModelWarning[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let resumed = 0;
  let done = 0;
  let writes = Promise.resolve();

  const keep = (record: ChoiceItemRecord) => {
    scores.push({ acc: record.acc, accNorm: record.accNorm, accBytes: record.accBytes ?? record.accNorm });
    if (options.keepItems) records.push(record);
    done++;
    options.onItem?.(record, done);
  };
  const score = async (entry: ChoiceLineItem, index: number): Promise<void> => {
    const scored = await scoreChoiceItem(model, entry.item, options.signal, `line ${entry.line}: `);
    const { warnings: itemWarnings, exact: _exact, ...numbers } = scored;
    for (const warning of itemWarnings)
      warnings.push({ ...warning, field: `line ${entry.line}: ${warning.field ?? ""}` });
    const record: ChoiceItemRecord = {
      index,
      line: entry.line,
      ...(entry.id !== undefined ? { id: entry.id } : {}),
      ...numbers,
    };
    if (options.output !== undefined) {
      const path = options.output;
      writes = writes.then(() => appendFile(path, `${JSON.stringify(record)}\n`));
      await writes;
    }
    keep(record);
  };

  let index = 0;
  try {
    for await (const entry of items) {
      const itemIndex = index++;
      const earlier = previous.get(itemIndex);
      if (earlier) {
        resumed++;
        keep(earlier);
        continue;
      }
      if (options.signal?.aborted) throw new CancelledError("choose was cancelled");
      const task: Promise<void> = score(entry, itemIndex)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= options.parallel) await Promise.race(inFlight);
      if (failure) break;
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(inFlight);
  await writes;
  if (failure) throw failure.error;
  records.sort((a, b) => a.index - b.index);
  return { summary: summarizeChoices(scores), items: records, resumed, warnings };
}
