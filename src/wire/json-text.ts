/**
 * Parses JSON text with errors that say where: one line, `line L, column C`, and what was found,
 * never a copy of the input (V8's own messages can quote the whole text).
 */
import { InvalidInputError } from "../core/errors.js";

/** Where and why a JSON text is invalid. */
export interface JsonSyntaxProblem {
  /** 0-based UTF-16 offset of the problem. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units). */
  column: number;
  /** What was found and what was expected. */
  reason: string;
}

function describe(text: string, offset: number): string {
  if (offset >= text.length) return "the text ends early";
  const rest = text.slice(offset, offset + 9);
  if (/^-?Infinity/.test(rest)) return "found Infinity, which JSON cannot hold";
  if (/^NaN/i.test(rest)) return "found NaN, which JSON cannot hold";
  return `found ${JSON.stringify(text[offset])}`;
}

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or `undefined` when it is valid.
 * Cost: O(length), iterative over nesting.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let index = 0;
  const fail = (expected: string): JsonSyntaxProblem => {
    const before = text.slice(0, index);
    const line = before.split("\n").length;
    const column = index - (before.lastIndexOf("\n") + 1) + 1;
    return { offset: index, line, column, reason: `expected ${expected}, ${describe(text, index)}` };
  };
  const skip = () => {
    while (index < text.length && " \t\n\r".includes(text[index] ?? "")) index++;
  };
  const string = (): boolean => {
    index++; // opening quote
    while (index < text.length) {
      const char = text[index] ?? "";
      if (char === '"') {
        index++;
        return true;
      }
      if (char === "\\") {
        const next = text[index + 1] ?? "";
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return false;
          index += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== "") index += 2;
        else return false;
      } else if (char < " ") return false;
      else index++;
    }
    return false;
  };
  const number = (): boolean => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(index, index + 400));
    if (!match || match[0] === "" || match[0] === "-") return false;
    index += match[0].length;
    return true;
  };
  // Stack of open containers: "[" or "{".
  const stack: string[] = [];
  const value = (): JsonSyntaxProblem | "open" | undefined => {
    skip();
    const char = text[index];
    if (char === "{" || char === "[") {
      stack.push(char);
      index++;
      return "open";
    }
    if (char === '"') return string() ? undefined : fail("a valid string");
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) {
      return number() ? undefined : fail("a number");
    }
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, index)) {
        index += literal.length;
        return undefined;
      }
    }
    return fail("a value");
  };
  let result = value();
  if (typeof result === "object") return result;
  // After a value (or an opened container), walk until the stack is empty.
  let justOpened = result === "open";
  while (stack.length > 0) {
    skip();
    const top = stack[stack.length - 1];
    const close = top === "{" ? "}" : "]";
    if (justOpened && text[index] === close) {
      stack.pop();
      index++;
      justOpened = false;
      continue;
    }
    if (!justOpened) {
      if (text[index] === close) {
        stack.pop();
        index++;
        continue;
      }
      if (text[index] !== ",") return fail(`',' or '${close}'`);
      index++;
      skip();
    }
    if (top === "{") {
      if (text[index] !== '"') return fail("a double-quoted property name");
      if (!string()) return fail("a valid string");
      skip();
      if (text[index] !== ":") return fail("':'");
      index++;
    }
    result = value();
    if (typeof result === "object") return result;
    justOpened = result === "open";
  }
  skip();
  if (index < text.length) return fail("the end of the text");
  return undefined;
}

/**
 * `JSON.parse` with a one-line error: throws `InvalidInputError` whose field is
 * `<name> line L, column C` and whose message says what was found there.
 */
export function parseJsonText(text: string, name = "input"): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = locateJsonSyntaxError(text);
    if (!problem) throw new InvalidInputError(name, `is not valid JSON (${String(error)})`);
    throw new InvalidInputError(
      `${name} line ${problem.line}, column ${problem.column}`,
      `invalid JSON: ${problem.reason}`,
    );
  }
}
