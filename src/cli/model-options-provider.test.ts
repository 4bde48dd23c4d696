/**
 * The provider branch of the model flags: `--provider` opens a remote model (no native code),
 * and the provider-only flags are refused without it, naming the flag.
 */
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../core/errors.js";
import { addModelOptions, openModel, openProviderModels, parseModelOptions } from "./model-options.js";

function parse(args: string[]) {
  const command = addModelOptions(new Command("generate").exitOverride());
  command.parse(args, { from: "user" });
  return parseModelOptions(command.opts());
}

describe("model flags: providers", () => {
  it("opens an openai-compatible provider from --provider, --base-url, --model", async () => {
    const options = parse([
      "--provider",
      "openai-compatible",
      "--base-url",
      "http://127.0.0.1:8000/v1",
      "--model",
      "m",
    ]);
    expect(options).toMatchObject({
      provider: "openai-compatible",
      baseUrl: ["http://127.0.0.1:8000/v1"],
      model: "m",
    });
    const model = await openModel(options);
    expect(model.source).toBe("openai-compatible");
    expect(model.id).toBe("m");
    await model.close?.();
  });

  it("opens one model per repeated --base-url for batch", async () => {
    const options = parse([
      "--provider",
      "ollama",
      "--base-url",
      "http://a:11434",
      "--base-url",
      "http://b:11434",
      "--model",
      "x",
    ]);
    const models = await openProviderModels(options, options.baseUrl ?? []);
    expect(models.map((model) => model.source)).toEqual(["ollama", "ollama"]);
  });

  it("refuses bad combinations, naming the flag", async () => {
    const field = async (run: () => Promise<unknown>) =>
      run().then(
        () => "no error",
        (error: unknown) => (error instanceof InvalidInputError ? error.field : String(error)),
      );
    expect(await field(() => openModel(parse(["--base-url", "http://x/v1"])))).toBe("--provider");
    expect(
      await field(() =>
        openModel(
          parse([
            "--provider",
            "openai-compatible",
            "--base-url",
            "http://a/v1",
            "--base-url",
            "http://b/v1",
            "--model",
            "m",
          ]),
        ),
      ),
    ).toBe("--base-url");
    expect(await field(() => openModel(parse(["--provider", "ollama"])))).toBe("--model");
    expect(
      await field(() => openModel(parse(["--provider", "gemini", "--model", "g", "--api-key", ""]))),
    ).toBe("apiKey");
    const flagOf = (args: string[]) => {
      try {
        parse(args);
        return "no error";
      } catch (error) {
        return error instanceof InvalidInputError ? `${error.field}: ${error.message}` : String(error);
      }
    };
    expect(flagOf(["--provider", "bard"])).toMatch(/^--provider: must be "openai" or/);
    expect(flagOf(["--provider", "ollama", "--max-retries", "99"])).toMatch(/^--max-retries: .*0 to 20/);
  });
});
