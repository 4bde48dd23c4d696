import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatJsonPath, parseWithSchema } from "./validate.js";

describe("formatJsonPath", () => {
  it("writes indexes in brackets, identifiers with dots, other keys quoted", () => {
    expect(formatJsonPath(["choices", 0, "logprobs", "token_logprobs", 3])).toBe(
      "choices[0].logprobs.token_logprobs[3]",
    );
    expect(formatJsonPath([0, "top_logprobs", 1, " the"], "chunks[2]")).toBe(
      'chunks[2][0].top_logprobs[1][" the"]',
    );
    expect(formatJsonPath([])).toBe("(root)");
    expect(formatJsonPath([], "logprobs")).toBe("logprobs");
  });
});

describe("parseWithSchema", () => {
  const schema = z.object({ a: z.array(z.number().max(0)) });

  it("returns the parsed value", () => {
    expect(parseWithSchema(schema, { a: [-1] })).toEqual({ a: [-1] });
  });

  it("throws InvalidInputError naming the first problem's path", () => {
    expect(() => parseWithSchema(schema, { a: [-1, 2] }, "root")).toThrow(
      expect.objectContaining({ name: "InvalidInputError", field: "root.a[1]" }),
    );
  });
});
