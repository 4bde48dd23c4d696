import { describe, expect, it } from "vitest";
import { characterSegments } from "./character-spans.js";

// The engine's own split of " 🎉" on a byte-level BPE vocabulary (issue 14, from /v1/score):
// " \ufffd" with bytes [32, 240, 159], then [142], then [137]. U+1F389 is F0 9F 8E 89 in UTF-8.
const party = [
  { token: " \ufffd", bytes: [32, 240, 159], logprob: Math.log(0.5) },
  { token: "\ufffd", bytes: [142], logprob: Math.log(0.8) },
  { token: "\ufffd", bytes: [137], logprob: Math.log(0.9) },
  { token: "!", bytes: [33], logprob: Math.log(0.25) },
];

describe("characterSegments", () => {
  it("draws a split character once over its tokens, with the product of their probabilities", () => {
    const segments = characterSegments(party);
    expect(segments.map(({ text, first, last }) => ({ text, first, last }))).toEqual([
      { text: " ", first: 0, last: 0 },
      { text: "🎉", first: 0, last: 2 },
      { text: "!", first: 3, last: 3 },
    ]);
    // Oracle: chain rule: P(🎉 | prefix) = 0.5 * 0.8 * 0.9 = 0.36.
    expect(Math.exp(segments[1]!.logprob!)).toBeCloseTo(0.36, 12);
    expect(segments[0]!.logprob).toBe(Math.log(0.5));
    expect(segments.map((segment) => segment.text).join("")).toBe(" 🎉!");
  });

  it("keeps whole characters of one token together, and joins a CJK character split in two", () => {
    // 日 = E6 97 A5; 本 = E6 9C AC.
    const segments = characterSegments([
      { token: "日\ufffd", bytes: [0xe6, 0x97, 0xa5, 0xe6], logprob: -1 },
      { token: "\ufffd", bytes: [0x9c, 0xac], logprob: -2 },
    ]);
    expect(segments).toEqual([
      { text: "日", first: 0, last: 0, logprob: -1 },
      { text: "本", first: 0, last: 1, logprob: -3 },
    ]);
  });

  it("shows an unfinished or broken character as U+FFFD over its tokens, and unknown logprobs as null", () => {
    expect(characterSegments([{ token: "\ufffd", bytes: [240, 159], logprob: null }])).toEqual([
      { text: "\ufffd", first: 0, last: 0, logprob: null },
    ]);
    const broken = characterSegments([
      { token: "\ufffd", bytes: [240], logprob: -1 },
      { token: "a", bytes: [97], logprob: -2 },
    ]);
    expect(broken).toEqual([
      { text: "\ufffd", first: 0, last: 0, logprob: -1 },
      { text: "a", first: 1, last: 1, logprob: -2 },
    ]);
  });

  it("passes tokens without bytes through as text and skips empty ones", () => {
    expect(
      characterSegments([
        { token: "x", bytes: [], logprob: -1 },
        { token: "", bytes: [], logprob: -2 },
      ]),
    ).toEqual([{ text: "x", first: 0, last: 0, logprob: -1 }]);
  });
});
