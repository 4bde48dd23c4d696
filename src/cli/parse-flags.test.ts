import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import { choiceFlag, integerFlag, numberFlag } from "./flag-schemas.js";
import { flagName, parseFlags } from "./parse-flags.js";

// Oracle: the ranges written in the schemas below, checked by hand against each input.
const schema = z.object({
  temperature: numberFlag({ min: 0, max: 2 }).optional(),
  maxTokens: integerFlag({ min: 1, max: 10 }).default(4),
  repeatPenalty: numberFlag({ min: 0, max: 10, exclusiveMin: true }).optional(),
  logprobsMode: choiceFlag(["raw", "processed"]).default("raw"),
});

function failure(raw: unknown): InvalidInputError {
  try {
    parseFlags(schema, raw);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("expected parseFlags to throw");
}

describe("parseFlags", () => {
  it("parses strings into numbers and applies defaults", () => {
    expect(parseFlags(schema, { temperature: "0.7" })).toEqual({
      temperature: 0.7,
      maxTokens: 4,
      logprobsMode: "raw",
    });
    expect(parseFlags(schema, { temperature: "2", maxTokens: "10", logprobsMode: "processed" })).toEqual({
      temperature: 2,
      maxTokens: 10,
      logprobsMode: "processed",
    });
    expect(parseFlags(schema, { temperature: ".5", repeatPenalty: "1e-1" })).toMatchObject({
      temperature: 0.5,
      repeatPenalty: 0.1,
    });
  });

  it("names the flag and states the range when a number is out of range", () => {
    const error = failure({ temperature: "2.5" });
    expect(error.field).toBe("--temperature");
    expect(error.message).toBe('must be a number from 0 to 2 (got "2.5")');
  });

  it("rejects text, empty values, infinities and hexadecimal", () => {
    for (const value of ["abc", "", "Infinity", "1e999", "0x1", "1.5.2", "-"]) {
      expect(failure({ temperature: value }).field).toBe("--temperature");
    }
  });

  it("rejects non-integers and out-of-range integers for integer flags", () => {
    expect(failure({ maxTokens: "2.5" }).message).toBe('must be an integer from 1 to 10 (got "2.5")');
    expect(failure({ maxTokens: "0" }).field).toBe("--max-tokens");
    expect(failure({ maxTokens: "11" }).field).toBe("--max-tokens");
  });

  it("honours an exclusive minimum", () => {
    expect(failure({ repeatPenalty: "0" }).message).toBe(
      'must be a number greater than 0 and at most 10 (got "0")',
    );
  });

  it("lists the allowed words of a choice flag", () => {
    const error = failure({ logprobsMode: "softmax" });
    expect(error.field).toBe("--logprobs-mode");
    expect(error.message).toBe('must be "raw" or "processed" (got "softmax")');
  });
});

describe("flagName", () => {
  it("turns commander keys back into flags", () => {
    expect(flagName("maxTokens")).toBe("--max-tokens");
    expect(flagName("topP")).toBe("--top-p");
    expect(flagName("model")).toBe("--model");
  });
});
