/**
 * The batch output file: which ids it already holds (to resume), and an append-only writer that
 * writes each result line whole, in completion order.
 */
import { existsSync } from "node:fs";
import { open, readFile, rename, rm } from "node:fs/promises";
import { InvalidInputError } from "../../core/errors.js";

/** What an existing output file holds. */
export interface ExistingOutput {
  /** Ids to skip. */
  completed: Set<string>;
  /** Failed lines dropped from the file (with `retryFailed`), to run again. */
  retried: number;
}

/** The fields of an output line (logprobe's own or OpenAI's batch format) that resuming reads. */
interface OutputLine {
  id?: unknown;
  ok?: unknown;
  custom_id?: unknown;
  error?: unknown;
  response?: { status_code?: unknown } | null;
}

function failed(line: OutputLine): boolean {
  if (line.ok === false) return true;
  if (line.custom_id === undefined) return false;
  const status = line.response?.status_code;
  return (line.error !== null && line.error !== undefined) || typeof status !== "number" || status >= 400;
}

/**
 * Reads the ids already in `path` (none when the file does not exist). A last line that is not
 * JSON (one cut short by a crash) is dropped from the file; any other line that is not a batch
 * output line means the file is not this batch's output (say, its input given as `--out`), so
 * nothing is changed and {@link InvalidInputError} on `--out` names the first such line. With
 * `retryFailed`, failed lines are dropped too and their ids run again. Cost: reads the file once; rewrites it only when dropping,
 * atomically ({@link replaceFileAtomically}): an interruption leaves the old file or the new one.
 */
export async function readExistingOutput(
  path: string,
  options: { retryFailed?: boolean } = {},
): Promise<ExistingOutput> {
  const completed = new Set<string>();
  if (!existsSync(path)) return { completed, retried: 0 };
  const text = await readFile(path, "utf8");
  const kept: string[] = [];
  let dropped = 0;
  let retried = 0;
  const lines = text.split("\n");
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === "") last--;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let parsed: OutputLine | undefined;
    try {
      parsed = JSON.parse(line) as OutputLine;
    } catch {
      parsed = undefined;
    }
    // OpenAI Batch API output lines are keyed by custom_id (their id is the batch request's).
    const id = parsed?.custom_id ?? parsed?.id;
    if (!parsed && index === last) {
      dropped++;
      continue;
    }
    if (!parsed || typeof id !== "string") {
      throw new InvalidInputError(
        "--out",
        `${path} line ${index + 1} is not a batch output line (${parsed ? "no id or custom_id" : "not JSON"}); the file is left as it is`,
        "a new file, or the output file of an earlier run of this batch",
      );
    }
    if (options.retryFailed && failed(parsed)) {
      retried++;
      continue;
    }
    completed.add(id);
    kept.push(line);
  }
  if (dropped > 0 || retried > 0) await replaceFileAtomically(path, kept.map((line) => `${line}\n`).join(""));
  return { completed, retried };
}

/**
 * Replaces `path` by `text`: writes `path.rewrite.tmp`, flushes it to disk, then renames it over
 * `path` (atomic on POSIX file systems). On failure the temporary file is removed and `path` is
 * left as it was.
 */
export async function replaceFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.rewrite.tmp`;
  try {
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Appends JSON lines to a file, one whole line per write, in call order. */
export class JsonLinesWriter {
  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private pending: Promise<unknown> = Promise.resolve(),
  ) {}

  /** Opens `path` for appending (creating it). */
  static async open(path: string): Promise<JsonLinesWriter> {
    return new JsonLinesWriter(await open(path, "a"));
  }

  /** Appends `value` as one line. Resolves once it is written. */
  write(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    const next = this.pending.then(() => this.handle.appendFile(line, "utf8"));
    this.pending = next.catch(() => undefined);
    return next;
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    await this.pending;
    await this.handle.close();
  }
}
