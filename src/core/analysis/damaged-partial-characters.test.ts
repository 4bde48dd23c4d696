import { describe, expect, it } from "vitest";
import { characterSegments } from "./character-spans.js";
import { repairPartialCharacters } from "./damaged-partial-characters.js";

// " 🎉" = 20 F0 9F 8E 89, split by a byte-level BPE vocabulary as [20 F0 9F] [8E] [89], as each
// server sends those pieces (the forms named in issue 14).
describe("repairPartialCharacters", () => {
  it("reads DeepSeek's escaped bytes back exactly, so the character can be drawn again", () => {
    const tokens = [
      { token: " ", bytes: [32], logprob: -0.1, top: [] },
      { token: "\\xf0\\x9f", bytes: [...new TextEncoder().encode("\\xf0\\x9f")], logprob: -0.2, top: [] },
      { token: "\\x8e", bytes: [...new TextEncoder().encode("\\x8e")], logprob: -0.3, top: [] },
      { token: "\\x89", bytes: [...new TextEncoder().encode("\\x89")], logprob: -0.4, top: [] },
    ];
    const { tokens: repaired, reports } = repairPartialCharacters(tokens);
    expect(repaired[1]!.bytes).toEqual([0xf0, 0x9f]);
    expect(repaired[1]!.token).toBe("\ufffd");
    expect(reports).toEqual([
      expect.objectContaining({ form: "escaped-bytes", positions: [1, 2, 3], repaired: true }),
    ]);
    expect(
      characterSegments(repaired)
        .map((segment) => segment.text)
        .join(""),
    ).toBe(" 🎉");
  });

  it("reports Ollama's replacement-character bytes as lost", () => {
    const replacement = [0xef, 0xbf, 0xbd];
    const tokens = [
      { token: " \ufffd", bytes: [32, ...replacement], logprob: -0.2, top: [] },
      { token: "\ufffd", bytes: replacement, logprob: -0.3, top: [] },
      { token: "!", bytes: [33], logprob: -0.4, top: [] },
    ];
    const { reports } = repairPartialCharacters(tokens);
    expect(reports).toEqual([
      expect.objectContaining({ form: "replacement-bytes", positions: [0, 1], repaired: false }),
    ]);
    expect(reports[0]!.message).toMatch(/exact bytes are lost/);
  });

  it("reports vLLM's empty generated tokens, but not an engine's exact pieces", () => {
    const { reports } = repairPartialCharacters([
      { token: "", bytes: [], logprob: -0.3, top: [] },
      { token: "a", bytes: [97], logprob: -0.1, top: [] },
    ]);
    expect(reports).toEqual([expect.objectContaining({ form: "empty-text", positions: [0] })]);
    // The engine's exact pieces (U+FFFD text, real bytes F0 9F) are not damaged.
    expect(
      repairPartialCharacters([{ token: "\ufffd", bytes: [240, 159], logprob: -1, top: [] }]).reports,
    ).toEqual([]);
  });
});
