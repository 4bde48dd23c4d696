/**
 * `analyze` on the damaged forms in which servers send pieces of a split character (" 🎉" =
 * 20 F0 9F 8E 89, split [20 F0 9F] [8E] [89]), in OpenAI's chat format as DeepSeek and others
 * send it. Oracle: UTF-8 itself (the repaired bytes decode to " 🎉").
 */
import { describe, expect, it } from "vitest";
import { runAnalyze } from "./analyze.js";

function capture() {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { NO_COLOR: "1" },
    },
    out: () => stdout,
    err: () => stderr,
  };
}

function chat(entries: { token: string; bytes: number[] | null }[]): string {
  return JSON.stringify({
    object: "chat.completion",
    model: "m",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "x" },
        logprobs: { content: entries.map((entry) => ({ ...entry, logprob: -0.5, top_logprobs: [] })) },
        finish_reason: "stop",
      },
    ],
  });
}

describe("analyze: split characters in damaged forms", () => {
  it("reads DeepSeek's escaped bytes back exactly and says so", () => {
    const output = capture();
    const sequence = runAnalyze(
      chat([
        { token: " ", bytes: [32] },
        { token: "\\xf0\\x9f", bytes: null },
        { token: "\\x8e", bytes: null },
        { token: "\\x89", bytes: null },
      ]),
      { json: true, top: 0 },
      output.io,
    );
    expect(sequence.tokens.flatMap((token) => token.bytes)).toEqual([32, 0xf0, 0x9f, 0x8e, 0x89]);
    const document = JSON.parse(output.out());
    expect(document.tokens[1].bytes).toEqual([0xf0, 0x9f]);
    expect(document.warnings).toEqual([
      expect.objectContaining({ form: "escaped-bytes", positions: [1, 2, 3] }),
    ]);
    expect(output.err()).toContain("logprobe: warning: tokens #2, #3, #4:");
  });

  it("warns that Ollama-style replacement bytes lost the character", () => {
    const output = capture();
    runAnalyze(
      chat([
        { token: " \ufffd", bytes: [32, 239, 191, 189] },
        { token: "\ufffd", bytes: [239, 191, 189] },
      ]),
      { json: false, top: 0 },
      output.io,
    );
    expect(output.err()).toMatch(
      /tokens #1, #2: 2 token\(s\) hold part of a character .* exact bytes are lost/,
    );
  });
});
