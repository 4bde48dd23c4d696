import { describe, expect, it } from "vitest";
import { createFakeModel } from "../../test/helpers/fake-model.js";
import { InvalidInputError } from "../core/errors.js";
import { requestedTopLogprobs } from "./requested-top-logprobs.js";

describe("requestedTopLogprobs", () => {
  const model = { capabilities: { ...createFakeModel().capabilities, maxTopLogprobs: 5 } };
  it("asks for one more than shown, at least 2, at most the backend's limit", () => {
    expect(requestedTopLogprobs(0, model)).toBe(2);
    expect(requestedTopLogprobs(3, model)).toBe(4);
    expect(requestedTopLogprobs(5, model)).toBe(5);
  });
  it("names --top when the backend returns fewer alternatives", () => {
    expect(() => requestedTopLogprobs(6, model)).toThrow(InvalidInputError);
    expect(() => requestedTopLogprobs(6, model)).toThrow("must be an integer from 0 to 5 for this model");
  });
});
