import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addModelOptions } from "./model-options.js";
import {
  addModelPairOptions,
  modelOptionsForSpec,
  parseModelPairOptions,
  parseModelSpec,
} from "./model-pair-options.js";

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

describe("two-model flags", () => {
  function parse(args: string[]) {
    const command = addModelPairOptions(new Command("compare").exitOverride(), ["base", "model"]);
    command.option("--base <model>").option("-m, --model <model>");
    command.parse(args, { from: "user" });
    return parseModelPairOptions(command.opts(), ["base", "model"]);
  }

  it("has every flag of a single-model command but the model's own, -c and -t included", () => {
    const pair = addModelPairOptions(new Command("compare"), ["base", "model"]);
    const single = addModelOptions(new Command("score"));
    const names = (command: Command) => command.options.map((option) => option.long ?? "");
    const shared = names(single).filter((flag) => !["--model", "--provider", "--base-url"].includes(flag));
    expect(names(pair)).toEqual(expect.arrayContaining(shared));
    expect(pair.options.find((option) => option.long === "--context-size")?.short).toBe("-c");
    expect(pair.options.find((option) => option.long === "--threads")?.short).toBe("-t");
  });

  it("applies the shared flags to both models and --ROLE-FLAG to one (oracle: the values typed)", () => {
    const [base, model] = parse([
      "-c",
      "512",
      "-t",
      "3",
      "--batch-size",
      "64",
      "--gpu-layers",
      "max",
      "--base-gpu-layers",
      "0",
      "--model-context-size",
      "256",
      "--model-gpu",
      "off",
    ]);
    expect(base).toEqual({ contextSize: 512, threads: 3, batchSize: 64, gpuLayers: 0, gpu: "auto" });
    expect(model).toEqual({ contextSize: 256, threads: 3, batchSize: 64, gpuLayers: "max", gpu: "off" });
  });

  it("names the flag as typed when a value is out of range", () => {
    for (const [args, field] of [
      [["--threads", "0"], "--threads"],
      [["--base-threads", "0"], "--base-threads"],
      [["--model-batch-size", "8"], "--model-batch-size"],
    ] as const) {
      expect(() => parse([...args])).toThrow(expect.objectContaining({ field }));
    }
  });
});
