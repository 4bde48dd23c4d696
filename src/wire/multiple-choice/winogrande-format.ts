/**
 * llama.cpp's Winogrande CSV (`llama-perplexity --winogrande`, `load_winogrande_from_csv`): one
 * task per line, `index,sentence,choice1,choice2,answer`, the sentence quoted when it holds commas,
 * with one `_` where a choice goes, and answer 1 or 2. Each choice i is scored as lm-eval's
 * Winogrande does (partial scoring): context `before_ + choice_i`, continuation `_after` (the same
 * for both choices). llama-perplexity tokenizes `before + choice + after` whole; the texts scored
 * are the same.
 */
import { InvalidInputError } from "../../core/errors.js";
import type { ChoiceLineItem } from "./choice-json-line.js";

/** The positions of the first 4 commas outside double quotes, as llama.cpp finds them. */
function separators(line: string): number[] {
  const commas: number[] = [];
  let quoted = false;
  for (let index = 0; index < line.length && commas.length < 4; index++) {
    const character = line[index];
    if (character === '"') quoted = !quoted;
    else if (character === "," && !quoted) commas.push(index);
  }
  return commas;
}

/**
 * The item of one CSV line (1-based `line`); undefined for a blank line.
 * @throws {InvalidInputError} naming the line when it lacks its 5 fields, the sentence has no `_`,
 *   a choice is empty, or the answer is not 1 or 2
 */
export function winograndeItem(raw: string, line: number): ChoiceLineItem | undefined {
  const text = raw.replace(/\r$/, "");
  if (text.trim() === "") return undefined;
  const where = `line ${line}`;
  const commas = separators(text);
  if (commas.length !== 4) {
    throw new InvalidInputError(
      where,
      `${where}: expected 5 comma-separated fields (index,sentence,choice1,choice2,answer)`,
      "index,sentence,choice1,choice2,answer",
    );
  }
  const [c0, c1, c2, c3] = commas as [number, number, number, number];
  const sentence = text[c0 + 1] === '"' ? text.slice(c0 + 2, c1 - 1) : text.slice(c0 + 1, c1);
  const choices = [text.slice(c1 + 1, c2), text.slice(c2 + 1, c3)];
  const answer = text.slice(c3 + 1).trim();
  const blank = sentence.indexOf("_");
  if (blank < 0)
    throw new InvalidInputError(
      `${where}: sentence`,
      `${where}: the sentence has no _ where a choice goes`,
      "a sentence with one _",
    );
  choices.forEach((choice, index) => {
    if (choice.trim() === "")
      throw new InvalidInputError(
        `${where}: choice${index + 1}`,
        `${where}: choice${index + 1} is empty`,
        "a non-empty choice",
      );
  });
  if (answer !== "1" && answer !== "2")
    throw new InvalidInputError(
      `${where}: answer`,
      `${where}: answer must be 1 or 2 (got ${JSON.stringify(answer.slice(0, 20))})`,
      "1 or 2",
    );
  const before = sentence.slice(0, blank);
  const after = sentence.slice(blank + 1);
  if (after.trim() === "")
    throw new InvalidInputError(
      `${where}: sentence`,
      `${where}: nothing follows the _ in the sentence, so there is no continuation to score`,
      "text after the _",
    );
  return {
    item: {
      requests: choices.map((choice) => ({ context: before + choice, continuation: after })),
      choices: [after, after],
      gold: Number(answer) - 1,
    },
    line,
  };
}
