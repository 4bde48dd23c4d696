import { describe, expect, it } from "vitest";
import { fixtureText, loadFixture } from "./__fixtures__/load-fixture.js";
import { detectFormat } from "./detect-format.js";
import { FORMAT_NAMES, type FormatName } from "./format-name.js";
import { parseLogprobs, parseLogprobsText, toFormatName } from "./parse-logprobs.js";

/** Every recorded fixture, the format it is in, and its token count (counted in the file by hand). */
const fixtures: [file: string, format: FormatName, tokens: number][] = [
  ["openai-completion.json", "openai-completions", 5],
  ["openai-completion-stream.txt", "openai-completions-stream", 2],
  ["openai-chat.json", "openai-chat", 3],
  ["openai-chat-stream.txt", "openai-chat-stream", 3],
  ["openai-responses.json", "openai-responses", 2],
  ["openai-responses-stream.txt", "openai-responses-stream", 2],
  ["llama-server-completion.json", "llama-server-completion", 2],
  ["llama-server-completion-post-sampling.json", "llama-server-completion", 2],
  ["llama-server-completion-stream.txt", "llama-server-completion", 2],
  ["llama-server-v1-completions.json", "llama-server-v1-completions", 2],
  ["vllm-prompt-logprobs.json", "vllm", 6],
  ["ollama.json", "ollama", 2],
  ["gemini.json", "gemini", 5],
];

describe("parseLogprobsText / detectFormat", () => {
  it("covers every format with a fixture", () => {
    expect(new Set(fixtures.map(([, format]) => format))).toEqual(new Set(FORMAT_NAMES));
  });

  it.each(fixtures)("detects and parses %s as %s", (file, format, count) => {
    const parsed = parseLogprobsText(fixtureText(file));
    expect(parsed.format).toBe(format);
    expect(parsed.sequence.tokens).toHaveLength(count);
    // Forcing the detected format gives the same result.
    expect(parseLogprobsText(fixtureText(file), { format })).toEqual(parsed);
  });

  it("reads the bare logprobs part where it is unambiguous", () => {
    const completion = loadFixture("openai-completion.json") as { choices: { logprobs: unknown }[] };
    const chat = loadFixture("openai-chat.json") as { choices: { logprobs: { content: unknown[] } }[] };
    expect(detectFormat(completion.choices[0]?.logprobs)).toBe("openai-completions");
    expect(detectFormat(chat.choices[0]?.logprobs)).toBe("openai-chat");
    expect(detectFormat(chat.choices[0]?.logprobs.content)).toBe("openai-responses");
    const llama = loadFixture("llama-server-completion.json") as { completion_probabilities: unknown[] };
    expect(detectFormat(llama.completion_probabilities)).toBe("llama-server-completion");
    const bare = parseLogprobs(chat.choices[0]?.logprobs);
    expect(bare.sequence.tokens.map((token) => token.logprob)).toEqual([
      -0.31725305, -0.02380986, -0.3918192,
    ]);
  });

  it("reads NDJSON (Ollama streaming) line by line", () => {
    const line = (token: string, logprob: number) =>
      JSON.stringify({
        model: "m",
        created_at: "t",
        response: token,
        done: false,
        logprobs: [{ token, logprob }],
      });
    const parsed = parseLogprobsText(`${line("a", -1)}\n${line("b", -2)}\n`);
    expect(parsed.format).toBe("ollama");
    expect(parsed.sequence.tokens.map((token) => token.logprob)).toEqual([-1, -2]);
  });

  it("rejects unknown shapes and format names, listing the allowed ones", () => {
    expect(() => detectFormat({ hello: 1 })).toThrow(
      expect.objectContaining({ field: "(root)", allowed: expect.stringContaining("gemini") }),
    );
    expect(() => toFormatName("openai")).toThrow(expect.objectContaining({ field: "format" }));
    expect(() => parseLogprobsText("  \n")).toThrow(expect.objectContaining({ field: "input" }));
  });

  it("names the JSON path when a forced format does not fit", () => {
    expect(() => parseLogprobs(loadFixture("ollama.json"), { format: "openai-chat" })).toThrow(
      expect.objectContaining({ field: "content" }),
    );
  });
});
