import { describe, expect, it } from "vitest";
import { editDistance, rejectNearMissCommand, suggestCommand } from "./suggest-command.js";

const names = [
  "generate",
  "score",
  "beam",
  "analyze",
  "serve",
  "batch",
  "classify",
  "calibrate",
  "vague",
  "models",
  "completion",
];

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps (hand values)", () => {
    expect(editDistance("kitten", "sitting")).toBe(3); // the textbook Levenshtein example
    expect(editDistance("genrate", "generate")).toBe(1);
    expect(editDistance("scroe", "score")).toBe(1); // one swap
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});

describe("suggestCommand", () => {
  it("suggests the command a misspelt or shortened word means", () => {
    expect(suggestCommand("genrate", names)).toBe("generate");
    expect(suggestCommand("scroe", names)).toBe("score");
    expect(suggestCommand("analyse", names)).toBe("analyze");
    expect(suggestCommand("sevre", names)).toBe("serve");
    expect(suggestCommand("calib", names)).toBe("calibrate");
    expect(suggestCommand("model", names)).toBe("models");
  });

  it("leaves prompts alone: sentences, capitals, far words and the commands themselves", () => {
    expect(suggestCommand("Hello", names)).toBeUndefined();
    expect(suggestCommand("Once upon a time", names)).toBeUndefined();
    expect(suggestCommand("story", names)).toBeUndefined();
    expect(suggestCommand("generate", names)).toBeUndefined();
    expect(suggestCommand("-", names)).toBeUndefined();
  });

  it("throws a usage error naming COMMAND with the suggestion", () => {
    expect(() => rejectNearMissCommand(["genrate", "x"], names)).toThrowError(
      expect.objectContaining({
        field: "COMMAND",
        message: expect.stringContaining('did you mean "generate"'),
      }),
    );
    expect(() => rejectNearMissCommand(["Once upon a time"], names)).not.toThrow();
    expect(() => rejectNearMissCommand([], names)).not.toThrow();
  });
});
