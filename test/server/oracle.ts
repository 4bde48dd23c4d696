/**
 * The independent oracle for server tests: the fake bigram model's closed-form distributions
 * (`fakeLogprobs`, an exact log-softmax of a fixed logit table). Greedy decoding and prompt
 * scoring are recomputed here from the table alone, not through any model or server code.
 */
import { fakeLogprobs, fakeTokenize, fakeVocabulary } from "../helpers/fake-model.js";

/** One expected token. */
export interface ExpectedToken {
  id: number;
  token: string;
  logprob: number;
  /** The k most probable tokens at this position, most probable first. */
  top: { token: string; logprob: number }[];
}

function topK(previous: number, k: number): { token: string; logprob: number }[] {
  const logprobs = fakeLogprobs(previous);
  return logprobs
    .map((logprob, id) => ({ token: fakeVocabulary[id]!, logprob }))
    .sort((a, b) => b.logprob - a.logprob)
    .slice(0, k);
}

/** Greedy continuation of `prompt` for up to `maxTokens` tokens (EOS ends it, not included). */
export function greedyOracle(prompt: string, maxTokens: number, k: number): ExpectedToken[] {
  let previous = [0, ...fakeTokenize(prompt)].at(-1)!;
  const out: ExpectedToken[] = [];
  while (out.length < maxTokens) {
    const logprobs = fakeLogprobs(previous);
    const next = logprobs.indexOf(Math.max(...logprobs));
    if (next === 1) break;
    out.push({ id: next, token: fakeVocabulary[next]!, logprob: logprobs[next]!, top: topK(previous, k) });
    previous = next;
  }
  return out;
}

/** Logprob of every prompt token given the ones before it (the first conditioned on BOS). */
export function promptOracle(prompt: string, k: number): ExpectedToken[] {
  let previous = 0;
  return fakeTokenize(prompt).map((id) => {
    const expected = {
      id,
      token: fakeVocabulary[id]!,
      logprob: fakeLogprobs(previous)[id]!,
      top: topK(previous, k),
    };
    previous = id;
    return expected;
  });
}
