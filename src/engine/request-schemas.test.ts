/** Request validation: every problem names its field and the allowed range. */
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../core/errors.js";
import {
  beamSearchRequestSchema,
  branchRequestSchema,
  generateRequestSchema,
  parseRequest,
  scoreRequestSchema,
} from "./request-schemas.js";

const limits = { vocabularySize: 512, contextSize: 256, maxTopLogprobs: 20 };

function problem(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError");
}

describe("request schemas", () => {
  const generate = (request: unknown) => parseRequest(generateRequestSchema(limits), request);

  it("accepts a full valid request", () => {
    const signal = new AbortController().signal;
    const request = {
      prompt: "hi",
      maxTokens: 10,
      stop: ["."],
      sampling: {
        temperature: 0.7,
        topK: 40,
        topP: 0.9,
        minP: 0.05,
        typicalP: 1,
        repeatPenalty: 1.1,
        seed: 1,
      },
      topLogprobs: 20,
      logprobsMode: "processed",
      echo: true,
      signal,
    };
    expect(generate(request)).toEqual(request);
  });

  it("names the field and the allowed range", () => {
    const topLogprobs = problem(() => generate({ prompt: "a", topLogprobs: 21 }));
    expect(topLogprobs.field).toBe("topLogprobs");
    expect(topLogprobs.message).toBe("topLogprobs must be an integer from 0 to 20");
    expect(topLogprobs.allowed).toBe("an integer from 0 to 20");
    const topP = problem(() => generate({ prompt: "a", sampling: { topP: 1.5 } }));
    expect(topP.field).toBe("sampling.topP");
    expect(topP.message).toContain("greater than 0 and at most 1");
    expect(problem(() => generate({ prompt: "a", maxTokens: 257 })).message).toBe(
      "maxTokens must be an integer from 0 to 256",
    );
    expect(problem(() => generate({ prompt: "a", sampling: { topK: 1.5 } })).field).toBe("sampling.topK");
    expect(problem(() => generate({ prompt: "a", logprobsMode: "bogus" })).field).toBe("logprobsMode");
    expect(problem(() => generate({ messages: [{ role: "robot", content: "x" }] })).field).toBe(
      "messages.0.role",
    );
  });

  it("needs exactly one of prompt and messages, and knows no other option", () => {
    expect(problem(() => generate({})).field).toBe("prompt");
    expect(problem(() => generate({ prompt: "a", messages: [{ role: "user", content: "b" }] })).field).toBe(
      "prompt",
    );
    expect(problem(() => generate({ prompt: "a", temperature: 1 })).message).toContain(
      "unknown option(s): temperature",
    );
  });

  it("checks token ids, beam widths and score windows against the model", () => {
    const branch = (request: unknown) => parseRequest(branchRequestSchema(limits), request);
    expect(problem(() => branch({ prompt: "a", prefixTokens: [3, 512], forcedToken: 1 })).field).toBe(
      "prefixTokens.1",
    );
    expect(problem(() => branch({ prompt: "a", prefixTokens: [], forcedToken: -1 })).message).toBe(
      "forcedToken must be an integer from 0 to 511",
    );
    const beam = (request: unknown) => parseRequest(beamSearchRequestSchema(limits), request);
    expect(problem(() => beam({ prompt: "a", width: 65, maxTokens: 4 })).field).toBe("width");
    expect(problem(() => beam({ prompt: "a", width: 2 })).field).toBe("maxTokens");
    const score = (request: unknown) => parseRequest(scoreRequestSchema(limits), request);
    expect(problem(() => score({ text: "" })).message).toBe("text must not be empty");
    expect(problem(() => score({ text: "a", windowSize: 1 })).field).toBe("windowSize");
  });
});
