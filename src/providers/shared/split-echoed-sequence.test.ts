import { describe, expect, it } from "vitest";
import type { LogprobSequence, TokenLogprob } from "../../core/types.js";
import {
  countGeneratedTokens,
  countPromptTokens,
  promptTokenCountOf,
  splitEchoedSequence,
} from "./split-echoed-sequence.js";

const token = (text: string, textOffset?: number): TokenLogprob => ({
  token: text,
  bytes: [...new TextEncoder().encode(text)],
  logprob: -1,
  top: [],
  ...(textOffset !== undefined ? { textOffset } : {}),
});

// A SentencePiece-style echo of "Once upon a girl" + " named": the first token carries a leading
// space, so the token texts are one character longer than the prompt.
const tokens = [
  token(" Once", 0),
  token(" upon", 5),
  token(" a", 10),
  token(" g", 12),
  token("irl", 14),
  token(" named", 17),
];

describe("echo splitting", () => {
  it("counts generated tokens from the end by their exact text", () => {
    expect(countGeneratedTokens(tokens, " named")).toBe(1);
    expect(countGeneratedTokens(tokens, "")).toBe(0);
    expect(countGeneratedTokens(tokens, "xx")).toBeUndefined();
  });

  it("splits by generated text even when offsets overshoot the prompt (oracle: hand count, 5 prompt tokens)", () => {
    const prompt = "Once upon a girl";
    // Offsets alone misplace "irl" (offset 14 < 16 is right, but " named" at 17 is past, fine) and
    // would misplace a prompt token at offset >= 16; the text rule does not depend on offsets.
    expect(promptTokenCountOf(tokens, { prompt, generatedText: " named" })).toBe(5);
    expect(
      countPromptTokens([token(" Once", 0), token(" upon", 5), token(" a", 10), token(" girl", 12)], 13),
    ).toBe(4);
    expect(promptTokenCountOf(tokens, { prompt, generatedText: "?", reportedPromptTokens: 5 })).toBe(5);
  });

  it("marks prompt tokens and re-bases the generated offsets", () => {
    const sequence: LogprobSequence = { tokens, provenance: { source: "t", distribution: "top-k" } };
    const { prompt, generated } = splitEchoedSequence(sequence, 5);
    expect(prompt.tokens.every((item) => item.prompt === true)).toBe(true);
    expect(prompt.tokens).toHaveLength(5);
    expect(generated.tokens.map((item) => [item.token, item.textOffset, item.prompt])).toEqual([
      [" named", 0, undefined],
    ]);
    expect(generated.text).toBe(" named");
  });
});
