import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs } from "../../../test/helpers/fake-model.js";
import { createHeatmapPainter, escapeControlCharacters, renderHeatmap, tokenTexts } from "./heatmap.js";

const ansiPattern = /\u001b\[[0-9;]*m/g;

describe("renderHeatmap", () => {
  it("is exactly the generated text without colour", async () => {
    const result = await createFakeModel().generate({ prompt: " mat", maxTokens: 6 });
    expect(result.sequence.tokens.length).toBeGreaterThan(1);
    const plain = renderHeatmap(result.sequence.tokens, "none");
    expect(plain).toBe(result.text);
    expect(plain).not.toMatch(ansiPattern);
  });

  it("paints each token by its probability, and removing the codes gives the text back", async () => {
    const result = await createFakeModel().generate({ prompt: " mat", maxTokens: 6 });
    const painted = renderHeatmap(result.sequence.tokens, "ansi256");
    expect(painted.replace(ansiPattern, "")).toBe(result.text);
    // One painted segment per token. The first token follows " mat" (id 6); its probability is the
    // fake model's exact softmax, so its bucket follows from fakeLogprobs by hand.
    const segments = painted.split("\u001b[0m").filter((part) => part !== "");
    expect(segments).toHaveLength(result.sequence.tokens.length);
    const first = result.sequence.tokens[0]!;
    const probability = Math.exp(fakeLogprobs(6)[first.id!]!);
    expect(first.logprob).toBeCloseTo(Math.log(probability), 12);
    const expectedIndex =
      probability >= 0.9
        ? 121
        : probability >= 0.7
          ? 155
          : probability >= 0.5
            ? 221
            : probability >= 0.3
              ? 216
              : probability >= 0.1
                ? 217
                : 203;
    expect(segments[0]).toBe(`\u001b[48;5;${expectedIndex}m\u001b[38;5;16m${first.token}`);
  });

  it("keeps newlines unpainted and dims tokens without a logprob", () => {
    const tokens = [
      { token: "a\nb", bytes: [...new TextEncoder().encode("a\nb")], logprob: Math.log(0.95) },
      { token: "c", bytes: [99], logprob: null },
    ];
    expect(renderHeatmap(tokens, "ansi256")).toBe(
      "\u001b[48;5;121m\u001b[38;5;16ma\u001b[0m\n\u001b[48;5;121m\u001b[38;5;16mb\u001b[0m\u001b[2mc\u001b[0m",
    );
  });

  it("neutralises escape codes coming from the model when painting", () => {
    const tokens = [{ token: "\u001b[2J", bytes: [0x1b, 0x5b, 0x32, 0x4a], logprob: 0 }];
    expect(renderHeatmap(tokens, "ansi256")).toBe("\u001b[48;5;121m\u001b[38;5;16m\\x1b[2J\u001b[0m");
    expect(escapeControlCharacters("a\tb\nc\u0007")).toBe("a\tb\nc\\x07");
  });
});

describe("tokenTexts", () => {
  it("decodes a character split over two tokens at the token that completes it", () => {
    // "é" is C3 A9 in UTF-8 (Unicode standard); the first byte alone decodes to nothing yet.
    const texts = tokenTexts([
      { token: "\ufffd", bytes: [0xc3] },
      { token: "\ufffd", bytes: [0xa9] },
      { token: "!", bytes: [0x21] },
    ]);
    expect(texts).toEqual(["", "é", "!"]);
  });

  it("uses the token text when bytes are unknown, and flushes a dangling byte", () => {
    expect(tokenTexts([{ token: "hi", bytes: [] }])).toEqual(["hi"]);
    expect(tokenTexts([{ token: "x", bytes: [0xc3] }])).toEqual(["\ufffd"]);
  });
});

describe("split characters", () => {
  // " 🎉" as a byte-level BPE vocabulary splits it: [32, 240, 159], [142], [137] (U+1F389 = F0 9F 8E 89).
  const party = [
    { token: " \ufffd", bytes: [32, 240, 159], logprob: Math.log(0.95) },
    { token: "\ufffd", bytes: [142], logprob: Math.log(0.8) },
    { token: "\ufffd", bytes: [137], logprob: Math.log(0.9) },
  ];

  it("draws the character once in the colour of its joint probability, never as U+FFFD", () => {
    const painted = renderHeatmap(party, "ansi256");
    expect(painted).not.toContain("\ufffd");
    // " " alone: p = 0.95 (90-100% band, palette 121); 🎉: 0.95 * 0.8 * 0.9 = 0.684 (50-70%, palette 221).
    expect(painted).toBe(
      "\u001b[48;5;121m\u001b[38;5;16m \u001b[0m\u001b[48;5;221m\u001b[38;5;16m🎉\u001b[0m",
    );
    const paint = createHeatmapPainter("ansi256");
    expect(party.map(paint).join("")).toBe(painted);
    expect(renderHeatmap(party, "none")).toBe(" 🎉");
  });
});
