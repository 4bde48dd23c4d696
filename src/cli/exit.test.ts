import { describe, expect, it } from "vitest";
import {
  ApiCallError,
  CancelledError,
  InvalidInputError,
  InvalidLogprobDataError,
  ModelLoadError,
} from "../core/errors.js";
import { exitCodeFor, formatError } from "./exit.js";

describe("exitCodeFor (the codes documented in exit.ts)", () => {
  it("maps each typed error to its exit code", () => {
    expect(exitCodeFor(new InvalidInputError("--top", "bad"))).toBe(2);
    expect(exitCodeFor(new InvalidLogprobDataError(0, "logprob", "NaN"))).toBe(2);
    expect(exitCodeFor(new ModelLoadError("x.gguf", "missing"))).toBe(3);
    expect(exitCodeFor(new ApiCallError({ message: "down", url: "http://x", isRetryable: true }))).toBe(4);
    expect(exitCodeFor(new CancelledError())).toBe(130);
    expect(exitCodeFor(new Error("boom"))).toBe(1);
  });
});

describe("formatError", () => {
  it("names the CLI flag for an engine field and does not repeat the field or range", () => {
    const error = new InvalidInputError(
      "sampling.topK",
      "sampling.topK must be an integer from 0 to 512",
      "an integer from 0 to 512",
    );
    expect(formatError(error)).toBe("--top-k: must be an integer from 0 to 512");
    expect(formatError(new InvalidInputError("stop.2", "stop.2: stop strings must not be empty"))).toBe(
      "--stop: stop strings must not be empty",
    );
    // loadModel's fields name the model flags (all of them, from modelFlags)
    expect(
      formatError(
        new InvalidInputError("gpuLayers", 'gpuLayers must be "auto", "max" or an integer from 0 to 100000'),
      ),
    ).toBe('--gpu-layers: must be "auto", "max" or an integer from 0 to 100000');
    expect(formatError(new InvalidInputError("batchSize", "batchSize must be an integer"))).toBe(
      "--batch-size: must be an integer",
    );
  });

  it("keeps flags and unknown fields, and adds the allowed range when the message lacks it", () => {
    expect(
      formatError(new InvalidInputError("--temperature", 'must be a number from 0 to 2 (got "5")')),
    ).toBe('--temperature: must be a number from 0 to 2 (got "5")');
    expect(formatError(new InvalidInputError("policy.kind", "policy.kind is x", "a | b"))).toBe(
      "policy.kind: is x (allowed: a | b)",
    );
  });

  it("prints the message of other errors", () => {
    expect(formatError(new ModelLoadError("m", "model file not found: m"))).toBe("model file not found: m");
    expect(formatError("plain")).toBe("plain");
  });
});
