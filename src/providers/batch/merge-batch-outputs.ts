/**
 * Merging the outputs of a sharded batch (`logprobe batch --shard i/n` run n times): checks that
 * no id is duplicated (within a file or across files), that every line is whole JSON with an id,
 * and, given the input, that no input id is missing and none is foreign; then yields the lines in
 * file order. Memory: one set of ids; the lines themselves are streamed.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseBatchLine } from "./parse-batch-line.js";

/** What the check found. */
export interface MergeCheck {
  /** Result lines read. */
  lines: number;
  /** Ids seen more than once, with the files they are in (a file twice if it holds it twice). */
  duplicates: Map<string, string[]>;
  /** Input ids in no output (only with an input). */
  missing: string[];
  /** Output ids that are not in the input (only with an input). */
  foreign: string[];
  /** Lines that are not JSON with an id, as `file:line`. */
  unreadable: string[];
  /** Lines that record an error. */
  failed: number;
}

async function* readLines(path: string): AsyncGenerator<{ text: string; number: number }> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text.trim() !== "") yield { text, number };
  }
}

/** The item id of an output line (`custom_id` for OpenAI Batch API lines), and whether it failed. */
function readOutputLine(text: string): { id: string; failed: boolean } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as {
    id?: unknown;
    ok?: unknown;
    custom_id?: unknown;
    error?: unknown;
    response?: { status_code?: unknown } | null;
  };
  const id = record.custom_id ?? record.id;
  if (typeof id !== "string") return undefined;
  const status = record.response?.status_code;
  const failed =
    record.ok === false ||
    (record.custom_id !== undefined &&
      ((record.error !== null && record.error !== undefined) || typeof status !== "number" || status >= 400));
  return { id, failed };
}

/**
 * Reads every output (and the input, when given) once and reports what {@link MergeCheck} lists.
 */
export async function checkBatchOutputs(paths: readonly string[], inputPath?: string): Promise<MergeCheck> {
  const check: MergeCheck = {
    lines: 0,
    duplicates: new Map(),
    missing: [],
    foreign: [],
    unreadable: [],
    failed: 0,
  };
  const firstFile = new Map<string, string>();
  for (const path of paths) {
    for await (const { text, number } of readLines(path)) {
      const line = readOutputLine(text);
      if (!line) {
        check.unreadable.push(`${path}:${number}`);
        continue;
      }
      check.lines++;
      if (line.failed) check.failed++;
      const first = firstFile.get(line.id);
      if (first === undefined) {
        firstFile.set(line.id, path);
        continue;
      }
      const files = check.duplicates.get(line.id) ?? [first];
      files.push(path);
      check.duplicates.set(line.id, files);
    }
  }
  if (inputPath !== undefined) {
    const inputIds = new Set<string>();
    for await (const { text, number } of readLines(inputPath)) {
      const id = parseBatchLine(text, number).id;
      inputIds.add(id);
      if (!firstFile.has(id)) check.missing.push(id);
    }
    for (const id of firstFile.keys()) if (!inputIds.has(id)) check.foreign.push(id);
  }
  return check;
}

/** The lines of every output, in file order (run {@link checkBatchOutputs} first). */
export async function* mergedLines(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) for await (const { text } of readLines(path)) yield text;
}

/** One sentence per problem the check found, each naming at most `shown` ids; empty when none. */
export function describeMergeProblems(check: MergeCheck, shown = 10): string[] {
  const list = (ids: readonly string[]) =>
    `${ids.slice(0, shown).join(", ")}${ids.length > shown ? `, ... (${ids.length - shown} more)` : ""}`;
  const problems: string[] = [];
  if (check.unreadable.length > 0)
    problems.push(`${check.unreadable.length} line(s) are not JSON with an id: ${list(check.unreadable)}`);
  if (check.duplicates.size > 0) {
    const entries = [...check.duplicates].map(([id, files]) => `${id} (${files.join(", ")})`);
    problems.push(`${check.duplicates.size} id(s) are duplicated: ${list(entries)}`);
  }
  if (check.missing.length > 0)
    problems.push(`${check.missing.length} input id(s) are missing: ${list(check.missing)}`);
  if (check.foreign.length > 0)
    problems.push(`${check.foreign.length} id(s) are not in the input: ${list(check.foreign)}`);
  return problems;
}
