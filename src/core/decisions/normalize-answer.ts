/**
 * The correctness rule of calibration: a generated answer is right when, after normalisation, it
 * equals one of the expected answers ("exact"), or begins with one of them followed by a non-word
 * character or the end ("prefix": for models that keep talking after the answer).
 */

/** How an answer is compared with the expected one. */
export type AnswerMatch = "exact" | "prefix";

/**
 * Normalises an answer for comparison: Unicode NFKC, lower case (`toLowerCase`, locale-free),
 * runs of whitespace collapsed to one space, leading/trailing whitespace removed, then trailing
 * sentence punctuation (`. ! ? , ; :`) and surrounding quotes removed. O(length).
 */
export function normalizeAnswer(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/^["'“”‘’`]+|["'“”‘’`]+$/gu, "")
    .replace(/[.!?,;:]+$/u, "")
    .trim();
}

/**
 * True when `answer` matches one of `expected` under `match` (see the module comment), both
 * normalised with {@link normalizeAnswer}. An empty normalised expectation matches only an empty
 * answer. O(total length).
 */
export function answerMatches(
  answer: string,
  expected: string | readonly string[],
  match: AnswerMatch = "exact",
): boolean {
  const normalised = normalizeAnswer(answer);
  for (const option of typeof expected === "string" ? [expected] : expected) {
    const target = normalizeAnswer(option);
    if (normalised === target) return true;
    if (match === "prefix" && target !== "" && normalised.startsWith(target)) {
      const next = normalised.slice(target.length, target.length + 1);
      if (!/[\p{L}\p{N}_]/u.test(next)) return true;
    }
  }
  return false;
}
