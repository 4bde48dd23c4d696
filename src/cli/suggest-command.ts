/**
 * Near-miss subcommands: `logprobe genrate x` or `logprobe scroe f.txt` would otherwise run the
 * default command with the misspelt word as (part of) the prompt. A first argument that is a
 * single lower-case word within a small edit distance of a command name is a usage error that
 * suggests the command, as git and cargo do.
 */
import { InvalidInputError } from "../core/errors.js";

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions, each
 * substring edited once): the number of insertions, deletions, substitutions and swaps of
 * neighbours. Cost: O(|a| |b|).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, table[i - 2]![j - 2]! + 1);
      }
      table[i]![j] = best;
    }
  }
  return table[a.length]![b.length]!;
}

/** Largest distance taken as a misspelling: 1 for names of up to 5 letters, else 2. */
function tolerance(name: string): number {
  return name.length <= 5 ? 1 : 2;
}

/**
 * The command `word` most likely means, or undefined. `word` qualifies only when it looks like a
 * command (one word of lower-case letters and dashes, not itself a command): a prompt is rarely
 * one such word. Ties go to the first name in `names`.
 */
export function suggestCommand(word: string, names: readonly string[]): string | undefined {
  if (!/^[a-z][a-z-]*$/.test(word) || names.includes(word)) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(word, name);
    const prefix = word.length >= 3 && name.startsWith(word);
    if ((distance <= tolerance(name) || prefix) && (best === undefined || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

/**
 * Throws a usage error when the first argument after the program is a near-miss of a command.
 *
 * @param args the arguments after `node logprobe`
 * @throws {InvalidInputError} naming COMMAND, with the suggestion and how to send the word as a prompt
 */
export function rejectNearMissCommand(args: readonly string[], names: readonly string[]): void {
  const [first] = args;
  if (first === undefined) return;
  const suggestion = suggestCommand(first, names);
  if (suggestion === undefined) return;
  throw new InvalidInputError(
    "COMMAND",
    `unknown command "${first}"; did you mean "${suggestion}"? (to send it as a prompt: logprobe generate "${args.join(" ")}")`,
  );
}
