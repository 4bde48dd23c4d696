import { describe, expect, it } from "vitest";
import { DeltaText } from "./delta-text.js";

const bytes = (text: string) => [...new TextEncoder().encode(text)];

describe("DeltaText", () => {
  it("holds a character split across tokens until it is complete", () => {
    const delta = new DeltaText();
    const euro = bytes("€"); // three bytes: e2 82 ac
    expect(delta.push(bytes("a"))).toBe("a");
    expect(delta.push(euro.slice(0, 2))).toBe("");
    expect(delta.push([...euro.slice(2), ...bytes("b")])).toBe("€b");
    expect(delta.length).toBe(3);
  });

  it("rest() sends what the final text holds beyond the deltas, and nothing when they diverge", () => {
    const delta = new DeltaText();
    delta.push(bytes("ab"));
    expect(delta.rest("abc")).toBe("c");
    const other = new DeltaText();
    other.push(bytes("xy"));
    expect(other.rest("ab")).toBe("");
  });
});
