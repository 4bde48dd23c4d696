/**
 * llama.cpp's binary multiple-choice file (`llama-perplexity --multiple-choice`,
 * tools/perplexity/perplexity.cpp; the ARC, MMLU and TruthfulQA files of
 * ikawrakow/validation-datasets-for-llama.cpp). Little-endian:
 *   u32 task count n; u32 byte offset of each task (n of them); then each task:
 *   question (u32 length + UTF-8 bytes); mc1 = u32 answer count m (1-100), m strings, m i32 labels
 *   (1 = correct); mc2 the same (not scored, as llama-perplexity).
 * Each answer is scored as `question + " " + answer`, and the gold is the first mc1 answer labelled
 * 1 (llama-perplexity counts a hit when the best answer's label is 1).
 */
import { InvalidInputError } from "../../core/errors.js";
import { choiceItem } from "../../core/multiple-choice/choice-item.js";
import type { ChoiceLineItem } from "./choice-json-line.js";

/** Answers per list llama-perplexity accepts. */
const MAX_ANSWERS = 100;

class Reader {
  offset: number;
  constructor(
    readonly bytes: Uint8Array,
    offset: number,
    readonly task: number,
  ) {
    this.offset = offset;
  }
  #fail(what: string): never {
    throw new InvalidInputError(
      `task ${this.task}`,
      `task ${this.task}: the file ends or is malformed while reading ${what} at byte ${this.offset}`,
      "llama-perplexity's multiple-choice binary layout",
    );
  }
  u32(what: string): number {
    if (this.offset + 4 > this.bytes.length) this.#fail(what);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 4);
    this.offset += 4;
    return view.getUint32(0, true);
  }
  i32(what: string): number {
    const value = this.u32(what);
    return value | 0;
  }
  string(what: string): string {
    const length = this.u32(`${what}'s length`);
    if (this.offset + length > this.bytes.length) this.#fail(what);
    const text = new TextDecoder("utf-8", { fatal: false }).decode(
      this.bytes.subarray(this.offset, this.offset + length),
    );
    this.offset += length;
    return text;
  }
  answers(what: string): { answers: string[]; labels: number[] } {
    const count = this.u32(`${what}'s answer count`);
    if (count > MAX_ANSWERS) {
      throw new InvalidInputError(
        `task ${this.task}: ${what}`,
        `task ${this.task}: ${what} has ${count} answers; at most ${MAX_ANSWERS} are allowed`,
        `0 to ${MAX_ANSWERS} answers`,
      );
    }
    const answers: string[] = [];
    for (let index = 0; index < count; index++) answers.push(this.string(`${what} answer ${index}`));
    const labels: number[] = [];
    for (let index = 0; index < count; index++) labels.push(this.i32(`${what} label ${index}`));
    return { answers, labels };
  }
}

/** Number of tasks in the file. @throws {InvalidInputError} when the header is cut short */
export function multipleChoiceTaskCount(bytes: Uint8Array): number {
  const count = new Reader(bytes, 0, 0).u32("the task count");
  if (count === 0)
    throw new InvalidInputError("file", "the multiple-choice file holds no task", "at least 1 task");
  if (4 + 4 * count > bytes.length) {
    throw new InvalidInputError(
      "file",
      `the file announces ${count} tasks but is too short for their offsets`,
      "a complete offset table",
    );
  }
  return count;
}

/**
 * Task `task` (0-based) of the file; `line` in the result is the task number + 1.
 * @throws {InvalidInputError} naming the task when it is malformed, has an empty question or
 *   answer, or no answer labelled 1
 */
export function multipleChoiceItem(bytes: Uint8Array, task: number): ChoiceLineItem {
  const start = new Reader(bytes, 4 + 4 * task, task).u32("the task's offset");
  const reader = new Reader(bytes, start, task);
  const question = reader.string("the question");
  const mc1 = reader.answers("mc1");
  reader.answers("mc2");
  const gold = mc1.labels.indexOf(1);
  if (gold < 0) {
    throw new InvalidInputError(
      `task ${task}: mc1`,
      `task ${task}: no mc1 answer is labelled 1 (correct)`,
      "one answer labelled 1",
    );
  }
  return { item: choiceItem(question, mc1.answers, gold, { field: `task ${task}` }), line: task + 1 };
}
