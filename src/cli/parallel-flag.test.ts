import { describe, expect, it } from "vitest";
import { DEFAULT_PARALLEL, sequencesFor } from "./parallel-flag.js";

describe("sequencesFor", () => {
  it("opens the flag's sequences, never more than the calls, at least one", () => {
    expect(sequencesFor(undefined, 100)).toBe(DEFAULT_PARALLEL);
    expect(sequencesFor(undefined, 2)).toBe(2);
    expect(sequencesFor(16, 6)).toBe(6);
    expect(sequencesFor(16, 40)).toBe(16);
    expect(sequencesFor(3, 0)).toBe(1);
  });
});
