import { describe, expect, it } from "vitest";
import { captureIo } from "../../../test/cli/helpers/capture-io.js";
import { createFakeModel, fakeLogprobs, fakeTokenize } from "../../../test/helpers/fake-model.js";
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { parseScoreCommandOptions, runScore } from "./score.js";

const text = " the cat sat on the mat.";
const ansiPattern = /\u001b\[[0-9;]*m/g;

// Oracle: the fake bigram model's exact distributions. Each token is scored given the one before
// it, starting after BOS (id 0): logprob_i = fakeLogprobs(previous)[id].
function expectedLogprobs(): number[] {
  const ids = fakeTokenize(text);
  return ids.map((id, index) => fakeLogprobs(index === 0 ? 0 : ids[index - 1]!)[id]!);
}

describe("score --jsonl", () => {
  it("prints one line per token, then a summary whose perplexity is exp(-mean) of those lines", async () => {
    const captured = captureIo();
    await runScore(createFakeModel(), text, parseScoreCommandOptions({ jsonl: true, top: "1" }), captured.io);
    const lines = captured
      .stdout()
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    const tokens = lines.slice(0, -1);
    const summary = lines.at(-1);
    const expected = expectedLogprobs();
    expect(tokens).toHaveLength(7);
    tokens.forEach((token, index) => {
      expect(token).toMatchObject({ type: "token", index });
      expect(token.logprob).toBeCloseTo(expected[index]!, 12);
      expect(token.prob).toBeCloseTo(Math.exp(expected[index]!), 12);
      expect(token.surprisalBits).toBeCloseTo(-expected[index]! / Math.LN2, 12);
      expect(token.top).toHaveLength(1);
    });
    const mean = tokens.reduce((sum, token) => sum + token.logprob, 0) / tokens.length;
    expect(summary).toMatchObject({ type: "summary", tokens: 7, tokenCount: 7, bosConditioned: true });
    expect(summary.perplexity).toBeCloseTo(Math.exp(-mean), 12);
    expect(summary.meanLogprob).toBeCloseTo(mean, 12);
    // Bits per byte by hand: -sum / ln 2 / UTF-8 bytes (24 ASCII bytes).
    expect(summary.bitsPerByte).toBeCloseTo((-mean * 7) / Math.LN2 / 24, 12);
  });
});

describe("score (text)", () => {
  it("prints a per-token table with surprisal in nats when colour is off", async () => {
    const captured = captureIo({ isTTY: false });
    await runScore(createFakeModel(), text, parseScoreCommandOptions({}), captured.io);
    const output = captured.stdout();
    expect(output).not.toMatch(ansiPattern);
    const first = expectedLogprobs()[0]!;
    expect(output.split("\n")[0]).toMatch(/^# {2}token +prob +logprob +surprisal$/);
    expect(output).toContain(`1  " the"  `);
    expect(output).toMatch(new RegExp(`${first.toFixed(4)} +${(-first).toFixed(4)}`));
    expect(output).toMatch(
      /tokens: 7 {2}perplexity: [0-9.]+ {2}bits per byte: [0-9.]+ {2}mean logprob: -[0-9.]+ nats/,
    );
  });

  it("prints a painted heatmap of the text and a legend on a terminal", async () => {
    const captured = captureIo({ isTTY: true });
    await runScore(createFakeModel(), text, parseScoreCommandOptions({}), captured.io);
    const output = captured.stdout();
    expect(output).toMatch(ansiPattern);
    expect(output.replace(ansiPattern, "").split("\n")[0]).toBe(text);
  });

  it("draws a progress bar on a terminal stderr only", async () => {
    const fake = createFakeModel();
    const model: LogprobModel = {
      ...fake,
      async score(request) {
        request.onProgress?.(3, 7);
        request.onProgress?.(7, 7);
        return fake.score(request);
      },
    };
    const terminal = captureIo({ isTTY: true });
    await runScore(model, text, parseScoreCommandOptions({}), terminal.io);
    expect(terminal.stderr()).toContain("7/7 tokens 100%");
    expect(terminal.stderr().endsWith("\r\u001b[K")).toBe(true);
    const pipe = captureIo({ isTTY: false });
    await runScore(model, text, parseScoreCommandOptions({}), pipe.io);
    expect(pipe.stderr()).toBe("");
  });
});

describe("score flags", () => {
  it("names --stride when it exceeds --window", () => {
    expect(() => parseScoreCommandOptions({ window: "64", stride: "65" })).toThrow(InvalidInputError);
    expect(() => parseScoreCommandOptions({ window: "64", stride: "65" })).toThrow(
      'must be an integer from 1 to the window size 64 (got "65")',
    );
    expect(parseScoreCommandOptions({ window: "64", stride: "32" })).toMatchObject({
      window: 64,
      stride: 32,
    });
  });
});
