/**
 * Reads the multiple-choice files `logprobe choose` accepts, item by item (text files are streamed
 * line by line, so memory stays bounded by one item): JSONL `{context, choices, gold}`, and
 * llama-perplexity's HellaSwag (6 lines per task), Winogrande (CSV) and multiple-choice (binary)
 * files. A malformed line stops the read with an error naming its line number; the items before
 * it have been yielded (and scored) already.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { InvalidInputError } from "../core/errors.js";
import { type ChoiceLineItem, parseChoiceJsonLine } from "../wire/multiple-choice/choice-json-line.js";
import { HELLASWAG_LINES_PER_TASK, hellaswagItem } from "../wire/multiple-choice/hellaswag-format.js";
import {
  multipleChoiceItem,
  multipleChoiceTaskCount,
} from "../wire/multiple-choice/multiple-choice-binary.js";
import { winograndeItem } from "../wire/multiple-choice/winogrande-format.js";

/** The file formats of `choose`. */
export const CHOICE_FORMATS = ["jsonl", "hellaswag", "winogrande", "multiple-choice"] as const;
export type ChoiceFormat = (typeof CHOICE_FORMATS)[number];

/** The format of `path` from its extension (.jsonl/.json, .csv, .bin), else JSONL. */
export function choiceFormatOf(path: string): ChoiceFormat {
  const extension = extname(path).toLowerCase();
  if (extension === ".csv") return "winogrande";
  if (extension === ".bin") return "multiple-choice";
  return "jsonl";
}

async function* linesOf(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) yield line;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidInputError("DATA", `cannot read "${path}" (${reason})`, "a readable file");
  } finally {
    lines.close();
    stream.destroy();
  }
}

/**
 * The items of `path` in `format`, in file order, each with its 1-based line (task number for the
 * binary format). `delimiter` goes between a JSONL context and each choice.
 * @throws {InvalidInputError} naming the line of the first malformed item
 */
export async function* readChoiceItems(
  path: string,
  format: ChoiceFormat,
  delimiter?: string,
): AsyncGenerator<ChoiceLineItem> {
  if (format === "multiple-choice") {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new InvalidInputError("DATA", `cannot read "${path}" (${reason})`, "a readable file");
    }
    const count = multipleChoiceTaskCount(bytes);
    for (let task = 0; task < count; task++) yield multipleChoiceItem(bytes, task);
    return;
  }
  let number = 0;
  let pending: string[] = [];
  for await (const line of linesOf(path)) {
    number++;
    if (format === "jsonl") {
      const item = parseChoiceJsonLine(line, number, delimiter);
      if (item) yield item;
    } else if (format === "winogrande") {
      const item = winograndeItem(line, number);
      if (item) yield item;
    } else {
      pending.push(line);
      if (pending.length === HELLASWAG_LINES_PER_TASK) {
        yield hellaswagItem(pending, number - HELLASWAG_LINES_PER_TASK + 1);
        pending = [];
      }
    }
  }
  // A trailing empty line ends many files; anything else left over is a cut-short task.
  if (pending.length > 0 && !(pending.length === 1 && pending[0]?.trim() === "")) {
    yield hellaswagItem(pending, number - pending.length + 1);
  }
}

/**
 * How many items `path` holds (a streaming pass for text files), for the progress bar.
 * Malformed content is not checked here.
 */
export async function countChoiceItems(path: string, format: ChoiceFormat): Promise<number> {
  if (format === "multiple-choice") return multipleChoiceTaskCount(await readFile(path));
  let lines = 0;
  for await (const line of linesOf(path)) if (format === "hellaswag" || line.trim() !== "") lines++;
  return format === "hellaswag" ? Math.floor(lines / HELLASWAG_LINES_PER_TASK) : lines;
}
