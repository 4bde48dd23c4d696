import { describe, expect, it } from "vitest";
import { InvalidLogprobDataError } from "../errors.js";
import type { LogprobSequence, TokenLogprob } from "../types.js";
import { knownLogprob } from "./known-logprob.js";
import { normalizeSequence } from "./normalize-sequence.js";
import { normalizeToken } from "./normalize-token.js";

const base: TokenLogprob = { token: "a", bytes: [97], logprob: -0.5, top: [] };

function thrown(run: () => unknown): InvalidLogprobDataError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidLogprobDataError) return error;
    throw error;
  }
  throw new Error("expected InvalidLogprobDataError");
}

describe("knownLogprob", () => {
  it("keeps valid values, clamps rounding, maps placeholders to null", () => {
    expect(knownLogprob(-1.25, 0, "logprob")).toBe(-1.25);
    expect(knownLogprob(0, 0, "logprob")).toBe(0);
    expect(knownLogprob(3e-7, 0, "logprob")).toBe(0);
    expect(knownLogprob(-9999, 0, "logprob")).toBeNull();
    expect(knownLogprob(Number.NEGATIVE_INFINITY, 0, "logprob")).toBeNull();
    expect(knownLogprob(null, 0, "logprob")).toBeNull();
    // -9998.5 is a (tiny) value, not the placeholder
    expect(knownLogprob(-9998.5, 0, "logprob")).toBe(-9998.5);
  });

  it("rejects NaN, +Infinity, positive values beyond the tolerance and non-numbers", () => {
    expect(thrown(() => knownLogprob(Number.NaN, 4, "logprob")).position).toBe(4);
    expect(thrown(() => knownLogprob(Number.POSITIVE_INFINITY, 2, "top[1].logprob")).field).toBe(
      "top[1].logprob",
    );
    expect(() => knownLogprob(0.01, 0, "logprob")).toThrow(/positive/);
    expect(() => knownLogprob("-1", 0, "logprob")).toThrow(InvalidLogprobDataError);
    expect(knownLogprob(0.01, 0, "logprob", 0.05)).toBe(0);
  });
});

describe("normalizeToken", () => {
  it("sorts alternatives from most to least probable", () => {
    const token = normalizeToken(
      {
        ...base,
        top: [
          { token: "x", logprob: -3 },
          { token: "a", logprob: -0.5 },
          { token: "y", logprob: -1 },
        ],
      },
      0,
    );
    expect(token.top.map((alternative) => alternative.token)).toEqual(["a", "y", "x"]);
  });

  it("drops placeholder alternatives and maps a placeholder token logprob to null", () => {
    const token = normalizeToken(
      {
        ...base,
        logprob: -9999,
        top: [
          { token: "a", logprob: -9999 },
          { token: "b", logprob: -0.1 },
          { token: "c", logprob: Number.NEGATIVE_INFINITY },
        ],
      },
      0,
    );
    expect(token.logprob).toBeNull();
    expect(token.top).toEqual([{ token: "b", logprob: -0.1 }]);
  });

  it("merges duplicates by keeping the most probable report", () => {
    const token = normalizeToken(
      {
        ...base,
        top: [
          { token: "a", logprob: -2, id: 5 },
          { token: "a", logprob: -0.5, id: 5 },
          { token: "b", logprob: -1 },
          { token: "b", logprob: -1 },
          // same text, different bytes: two different vocabulary entries (e.g. partial UTF-8)
          { token: "\ufffd", logprob: -3, bytes: [0xe2] },
          { token: "\ufffd", logprob: -4, bytes: [0x80] },
          // same text, different ids: different entries
          { token: "c", logprob: -5, id: 7 },
          { token: "c", logprob: -6, id: 8 },
        ],
      },
      0,
    );
    expect(token.top.map((alternative) => [alternative.token, alternative.logprob])).toEqual([
      ["a", -0.5],
      ["b", -1],
      ["\ufffd", -3],
      ["\ufffd", -4],
      ["c", -5],
      ["c", -6],
    ]);
  });

  it("clamps tiny positive rounding to 0 in the token and its alternatives", () => {
    const token = normalizeToken(
      { ...base, logprob: 2e-6, top: [{ token: "a", logprob: 5e-5 }], entropy: -1e-9 },
      0,
    );
    expect(token.logprob).toBe(0);
    expect(token.top[0]?.logprob).toBe(0);
    expect(token.entropy).toBe(0);
  });

  it("rejects bad values naming the position and field", () => {
    const cases: [Partial<TokenLogprob>, string][] = [
      [{ logprob: Number.NaN }, "logprob"],
      [{ logprob: 0.3 }, "logprob"],
      [
        {
          top: [
            { token: "a", logprob: -1 },
            { token: "b", logprob: Number.NaN },
          ],
        },
        "top[1].logprob",
      ],
      [{ top: [{ token: "a", logprob: 1 }] }, "top[0].logprob"],
      [{ bytes: [97, 256] }, "bytes[1]"],
      [{ rank: 0 }, "rank"],
      [{ id: -1 }, "id"],
      [{ entropy: Number.NaN }, "entropy"],
      [{ entropy: -0.5 }, "entropy"],
      [{ textOffset: 1.5 }, "textOffset"],
      [{ top: [{ token: "a", logprob: -1, bytes: [300] }] }, "top[0].bytes[0]"],
    ];
    for (const [patch, field] of cases) {
      const error = thrown(() => normalizeToken({ ...base, ...patch }, 7));
      expect(error.position).toBe(7);
      expect(error.field).toBe(field);
      expect(error.message).toContain(`token 7: ${field}:`);
    }
  });

  it("does not mutate its input and keeps optional fields", () => {
    const input: TokenLogprob = {
      ...base,
      id: 3,
      rank: 2,
      textOffset: 4,
      prompt: true,
      entropy: 1.5,
      top: [
        { token: "b", logprob: -2 },
        { token: "a", logprob: -0.5 },
      ],
    };
    const copy = structuredClone(input);
    const output = normalizeToken(input, 0);
    expect(input).toEqual(copy);
    expect(output).toMatchObject({ id: 3, rank: 2, textOffset: 4, prompt: true, entropy: 1.5 });
  });
});

describe("normalizeSequence", () => {
  it("normalises every token and reports the first bad position", () => {
    const sequence: LogprobSequence = {
      provenance: { source: "openai", distribution: "top-k" },
      text: "ab",
      tokens: [
        {
          ...base,
          top: [
            { token: "z", logprob: -9 },
            { token: "a", logprob: -0.5 },
          ],
        },
        { token: "b", bytes: [98], logprob: -9999, top: [] },
      ],
    };
    const result = normalizeSequence(sequence);
    expect(result.text).toBe("ab");
    expect(result.provenance).toEqual(sequence.provenance);
    expect(result.tokens[0]?.top[0]?.token).toBe("a");
    expect(result.tokens[1]?.logprob).toBeNull();
    const bad = { ...sequence, tokens: [base, base, { ...base, logprob: Number.NaN }] };
    expect(thrown(() => normalizeSequence(bad)).position).toBe(2);
  });
});
