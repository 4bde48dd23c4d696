import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../core/errors.js";
import {
  addGenerationOptions,
  DEFAULT_MAX_TOKENS,
  DEFAULT_TOP_ALTERNATIVES,
  decodeEscapes,
  generateRequest,
  parseGenerationOptions,
} from "./generation-options.js";

function parse(args: string[]) {
  const command = addGenerationOptions(new Command("test").argument("<prompt>").exitOverride());
  command.parse(["node", "test", ...args]);
  return parseGenerationOptions(command.opts());
}

describe("generation options", () => {
  it("maps every flag into the request (oracle: the flag values typed)", () => {
    const options = parse([
      "hi",
      "--max-tokens",
      "8",
      "--temperature",
      "0.8",
      "--top-k",
      "40",
      "--top-p",
      "0.95",
      "--min-p",
      "0.05",
      "--typical-p",
      "0.9",
      "--repeat-penalty",
      "1.1",
      "--seed",
      "42",
      "--top",
      "3",
      "--logprobs-mode",
      "processed",
      "--stop",
      "\\n",
      "--stop",
      "The end",
    ]);
    expect(generateRequest("Once", options)).toEqual({
      prompt: "Once",
      maxTokens: 8,
      stop: ["\n", "The end"],
      sampling: {
        temperature: 0.8,
        topK: 40,
        topP: 0.95,
        minP: 0.05,
        typicalP: 0.9,
        repeatPenalty: 1.1,
        seed: 42,
      },
      topLogprobs: 3,
      logprobsMode: "processed",
    });
  });

  it("uses the documented defaults and sends a chat message with --chat", () => {
    const options = parse(["hi", "--chat"]);
    expect(generateRequest("Hello", options)).toEqual({
      messages: [{ role: "user", content: "Hello" }],
      maxTokens: DEFAULT_MAX_TOKENS,
      stop: [],
      sampling: {},
      topLogprobs: DEFAULT_TOP_ALTERNATIVES,
      logprobsMode: "raw",
    });
  });

  it("names the flag of a bad value", () => {
    expect(() => parse(["hi", "--top-p", "1.5"])).toThrow(InvalidInputError);
    try {
      parse(["hi", "--seed", "-1"]);
    } catch (error) {
      expect((error as InvalidInputError).field).toBe("--seed");
    }
    expect.assertions(2);
  });

  it("decodes \\n, \\t, \\r and \\\\ only", () => {
    expect(decodeEscapes("a\\nb\\tc\\rd\\\\n\\x")).toBe("a\nb\tc\rd\\n\\x");
  });
});

describe("--system", () => {
  it("puts a system message before the prompt (implying chat)", () => {
    const request = generateRequest("Hi", parseGenerationOptions({ system: "Be brief.\\nAlways." }));
    expect(request.messages).toEqual([
      { role: "system", content: "Be brief.\nAlways." },
      { role: "user", content: "Hi" },
    ]);
    expect(request.prompt).toBeUndefined();
  });
});
