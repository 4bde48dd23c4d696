import { describe, expect, it } from "vitest";
import { modelOptionsForSpec, parseModelSpec } from "./model-pair-options.js";

describe("parseModelSpec", () => {
  it("reads local paths, hf: URIs and PROVIDER:NAME[@BASE_URL]", () => {
    expect(parseModelSpec("models/a.gguf", "--base")).toEqual({ kind: "local", model: "models/a.gguf" });
    expect(parseModelSpec("hf:owner/repo:Q8_0", "--base")).toEqual({
      kind: "local",
      model: "hf:owner/repo:Q8_0",
    });
    expect(parseModelSpec("openai:gpt-4o-mini", "--model")).toEqual({
      kind: "provider",
      provider: "openai",
      model: "gpt-4o-mini",
    });
    expect(parseModelSpec("openai-compatible:org/model@http://127.0.0.1:8000/v1", "--model")).toEqual({
      kind: "provider",
      provider: "openai-compatible",
      model: "org/model",
      baseUrl: "http://127.0.0.1:8000/v1",
    });
  });

  it("names the flag when the value is missing or names no model", () => {
    expect(() => parseModelSpec(undefined, "--observer")).toThrow(/--observer is required/);
    expect(() => parseModelSpec("gemini:", "--performer")).toThrow(/--performer "gemini:" names no model/);
  });
});

describe("modelOptionsForSpec", () => {
  it("keeps remote-only flags for the remote model and engine flags for the local one", () => {
    const shared = { gpu: "off" as const, threads: 2, apiKey: "k", maxRetries: 1 };
    expect(modelOptionsForSpec({ kind: "local", model: "a.gguf" }, shared)).toEqual({
      gpu: "off",
      threads: 2,
      model: "a.gguf",
    });
    expect(
      modelOptionsForSpec(
        { kind: "provider", provider: "ollama", model: "m", baseUrl: "http://h:1" },
        shared,
      ),
    ).toEqual({ ...shared, provider: "ollama", model: "m", baseUrl: ["http://h:1"] });
  });
});
