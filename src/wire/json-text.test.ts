import { describe, expect, it } from "vitest";
import { locateJsonSyntaxError, parseJsonText } from "./json-text.js";

describe("locateJsonSyntaxError", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const text of [
      '{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"], "b": {}}',
      "[]",
      " 0 ",
      '"s"',
      "[[],{}]",
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it("points at the first bad character, 1-based line and column, counted by hand", () => {
    expect(locateJsonSyntaxError('{\n  "a": NaN\n}')).toMatchObject({
      line: 2,
      column: 8,
      reason: expect.stringMatching(/NaN/),
    });
    expect(locateJsonSyntaxError('{"a": 1,}')).toMatchObject({ line: 1, column: 9 });
    expect(locateJsonSyntaxError("[1 2]")).toMatchObject({ line: 1, column: 4 });
    expect(locateJsonSyntaxError('{"a": ')).toMatchObject({ reason: expect.stringMatching(/ends early/) });
    expect(locateJsonSyntaxError("[1] x")).toMatchObject({ column: 5 });
    expect(locateJsonSyntaxError("[-Infinity]")).toMatchObject({
      column: 2,
      reason: expect.stringMatching(/Infinity/),
    });
  });

  it("agrees with JSON.parse on a set of broken texts", () => {
    for (const text of ["{", "}", "[1,]", '{"a" 1}', "01", '"\\x"', "tru", "[1]]", '{"a":1 "b":2}', "-"]) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonSyntaxError(text)).toBeDefined();
    }
  });
});

describe("parseJsonText", () => {
  it("throws one line naming line and column, without quoting the input", () => {
    const text = `{"tokens": ["${"x".repeat(500)}"], "a": NaN}`;
    // By hand: `{"tokens": ["` is 13 characters, then 500, then `"], "a": ` is 9: NaN starts at 523.
    expect(() => parseJsonText(text)).toThrow(expect.objectContaining({ field: "input line 1, column 523" }));
    try {
      parseJsonText(text);
    } catch (error) {
      expect((error as Error).message).not.toContain("xxxx");
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
