/**
 * Shape checks shared by the conformance suite and by backends' own tests: one token record, one
 * sequence with its provenance, and a list of warnings.
 */
import { expect } from "vitest";
import type { LogprobModel, ModelWarning } from "../../src/core/model.js";
import type { LogprobSequence, TokenLogprob } from "../../src/core/types.js";

/** Tolerance between a chosen token's logprob and its own entry among the alternatives. */
const tolerance = 1e-4;

/** Checks one token record; `where` names it in failure messages. */
export function expectWellFormedToken(token: TokenLogprob, topLogprobs: number, where: string): void {
  expect(typeof token.token, `${where}: token text`).toBe("string");
  expect(Array.isArray(token.bytes), `${where}: bytes`).toBe(true);
  for (const byte of token.bytes) {
    expect(Number.isInteger(byte) && byte >= 0 && byte <= 255, `${where}: byte ${byte}`).toBe(true);
  }
  if (token.logprob !== null) {
    expect(Number.isFinite(token.logprob), `${where}: logprob ${token.logprob} finite`).toBe(true);
    expect(token.logprob, `${where}: logprob <= 0`).toBeLessThanOrEqual(0);
  }
  expect(token.top.length, `${where}: top length <= ${topLogprobs}`).toBeLessThanOrEqual(topLogprobs);
  token.top.forEach((alternative, index) => {
    expect(
      Number.isFinite(alternative.logprob) && alternative.logprob <= 0,
      `${where}: top[${index}] logprob`,
    ).toBe(true);
    const previous = token.top[index - 1];
    if (previous) {
      expect(previous.logprob, `${where}: top sorted most probable first`).toBeGreaterThanOrEqual(
        alternative.logprob,
      );
    }
  });
  const own = token.top.find((alternative) =>
    alternative.id !== undefined && token.id !== undefined
      ? alternative.id === token.id
      : alternative.token === token.token,
  );
  if (own && token.logprob !== null) {
    expect(
      Math.abs(own.logprob - token.logprob),
      `${where}: chosen logprob equals its top entry`,
    ).toBeLessThan(tolerance);
  }
  if (token.entropy !== undefined) expect(token.entropy, `${where}: entropy >= 0`).toBeGreaterThanOrEqual(0);
  if (token.rank !== undefined) {
    expect(Number.isInteger(token.rank) && token.rank >= 1, `${where}: rank ${token.rank}`).toBe(true);
    const first = token.top[0];
    if (token.rank === 1 && first && token.logprob !== null) {
      expect(token.logprob, `${where}: rank 1 is the most probable`).toBeGreaterThanOrEqual(
        first.logprob - tolerance,
      );
    }
  }
}

/** Checks a sequence and its provenance. */
export function expectWellFormedSequence(
  sequence: LogprobSequence,
  model: LogprobModel,
  topLogprobs: number,
  where: string,
): void {
  expect(sequence.provenance.source, `${where}: provenance.source`).toBe(model.source);
  expect(["raw", "processed", "top-k"], `${where}: provenance.distribution`).toContain(
    sequence.provenance.distribution,
  );
  sequence.tokens.forEach((token, index) => {
    expectWellFormedToken(token, topLogprobs, `${where} token ${index}`);
  });
}

export function expectWarningsWellFormed(warnings: readonly ModelWarning[]): void {
  for (const warning of warnings) {
    expect(typeof warning.code).toBe("string");
    expect(typeof warning.message).toBe("string");
  }
}
