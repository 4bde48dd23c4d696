/**
 * llama.cpp's HellaSwag file (`llama-perplexity --hellaswag`, tools/perplexity/perplexity.cpp):
 * 6 lines per task: the context (`activity_label + ": " + ctx`), the gold ending's index (0-3), and
 * the 4 endings. llama-perplexity scores `context + " " + ending`, which is the item
 * `choiceItem(context, endings, gold)` with lm-eval's delimiter " ".
 */
import { InvalidInputError } from "../../core/errors.js";
import { choiceItem } from "../../core/multiple-choice/choice-item.js";
import type { ChoiceLineItem } from "./choice-json-line.js";

/** Lines per HellaSwag task. */
export const HELLASWAG_LINES_PER_TASK = 6;

/**
 * The item of one task's 6 lines; `firstLine` is the 1-based number of its context line.
 * @throws {InvalidInputError} naming the line when the gold line is not 0-3 or a line is empty
 */
export function hellaswagItem(lines: readonly string[], firstLine: number): ChoiceLineItem {
  if (lines.length !== HELLASWAG_LINES_PER_TASK) {
    throw new InvalidInputError(
      `line ${firstLine}`,
      `line ${firstLine}: the file ends inside a task (${lines.length} of ${HELLASWAG_LINES_PER_TASK} lines); a HellaSwag file has 6 lines per task: context, gold index, 4 endings`,
      "a multiple of 6 lines",
    );
  }
  const [context, goldLine, ...endings] = lines as [string, string, ...string[]];
  const goldAt = firstLine + 1;
  if (!/^\s*[0-3]\s*$/.test(goldLine)) {
    throw new InvalidInputError(
      `line ${goldAt}`,
      `line ${goldAt}: the gold ending must be an integer from 0 to 3 (got ${JSON.stringify(goldLine.slice(0, 40))})`,
      "0 to 3",
    );
  }
  endings.forEach((ending, index) => {
    if (ending.trim() === "") {
      throw new InvalidInputError(
        `line ${goldAt + 1 + index}`,
        `line ${goldAt + 1 + index}: ending ${index} is empty`,
        "a non-empty ending",
      );
    }
  });
  if (context.trim() === "")
    throw new InvalidInputError(
      `line ${firstLine}`,
      `line ${firstLine}: the context is empty`,
      "a non-empty context",
    );
  return {
    item: choiceItem(context, endings, Number(goldLine), { field: `line ${firstLine}` }),
    line: firstLine,
  };
}
