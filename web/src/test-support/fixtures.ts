/**
 * Hand-made token fixtures for the web tests. Probabilities are chosen so that every derived
 * number can be computed by hand (see each test's oracle comment).
 */
import type { TokenLogprob } from "../../../src/core/index.js";

const encoder = new TextEncoder();

/** A token with its probability `p` and alternatives given as [text, probability, id] triples. */
export function token(
  text: string,
  p: number | null,
  top: [string, number, number][] = [],
  id?: number,
): TokenLogprob {
  const record: TokenLogprob = {
    token: text,
    bytes: [...encoder.encode(text)],
    logprob: p === null ? null : Math.log(p),
    top: top.map(([alternative, probability, alternativeId]) => ({
      token: alternative,
      logprob: Math.log(probability),
      bytes: [...encoder.encode(alternative)],
      id: alternativeId,
    })),
  };
  if (id !== undefined) record.id = id;
  return record;
}

/**
 * Four generated tokens "Once", " upon", " a", "\n" with probabilities 0.5, 0.25, 0.8, 0.05.
 * Hand oracle: mean logprob = (ln .5 + ln .25 + ln .8 + ln .05) / 4 = ln(0.005) / 4;
 * perplexity = 0.005^(-1/4) = 3.7606030930863934; min logprob = ln 0.05 at index 3.
 */
export const FOUR_TOKENS: TokenLogprob[] = [
  token(
    "Once",
    0.5,
    [
      ["Once", 0.5, 10],
      ["One", 0.3, 11],
      ["The", 0.1, 12],
    ],
    10,
  ),
  token(
    " upon",
    0.25,
    [
      [" there", 0.45, 20],
      [" upon", 0.25, 21],
      [" in", 0.2, 22],
    ],
    21,
  ),
  token(
    " a",
    0.8,
    [
      [" a", 0.8, 30],
      [" the", 0.15, 31],
    ],
    30,
  ),
  token(
    "\n",
    0.05,
    [
      [" time", 0.9, 40],
      ["\n", 0.05, 41],
    ],
    41,
  ),
];
