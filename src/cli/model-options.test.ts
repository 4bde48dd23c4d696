import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../core/errors.js";
import { addModelOptions, engineLoadOptions, parseModelOptions } from "./model-options.js";

function parse(args: string[]) {
  const command = addModelOptions(new Command("test").exitOverride());
  command.parse(["node", "test", ...args]);
  return parseModelOptions(command.opts());
}

describe("model options", () => {
  it("reads --model, --context-size, --threads and --gpu (oracle: the values typed)", () => {
    expect(
      parse(["--model", "./m.gguf", "--context-size", "512", "--threads", "2", "--gpu", "off"]),
    ).toMatchObject({
      model: "./m.gguf",
      contextSize: 512,
      threads: 2,
      gpu: "off",
    });
    expect(parse([])).toEqual({ gpu: "auto" });
  });

  it("names the flag and its range for bad values", () => {
    for (const [args, field, message] of [
      [["--context-size", "15"], "--context-size", 'must be an integer from 16 to 1048576 (got "15")'],
      [["--threads", "0"], "--threads", 'must be an integer from 1 to 1024 (got "0")'],
      [["--gpu", "yes"], "--gpu", 'must be "auto" or "off" (got "yes")'],
      [["--model", " "], "--model", "must not be empty"],
    ] as const) {
      const error = (() => {
        try {
          parse([...args]);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
      expect((error as InvalidInputError).message).toBe(message);
    }
  });

  it("hands every engine flag to loadModel and leaves unset ones out (serve and one-model commands)", () => {
    expect(
      engineLoadOptions(
        parse([
          "-m",
          "m.gguf",
          "-c",
          "512",
          "-t",
          "2",
          "--gpu-layers",
          "3",
          "--batch-size",
          "64",
          "--gpu",
          "off",
        ]),
      ),
    ).toEqual({ model: "m.gguf", contextSize: 512, threads: 2, gpuLayers: 3, batchSize: 64, gpu: false });
    expect(engineLoadOptions(parse([]))).toEqual({ gpu: "auto" });
  });
});
