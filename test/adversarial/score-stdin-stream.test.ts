/**
 * `score -` streams stdin (issue 26: 50 MB of stdin reached 2.3 GB RSS and wrote nothing in 70 s).
 * Oracles: the order of events (token lines are written before stdin has been read to its end),
 * the input itself (the streamed tokens' text is the input, byte for byte, and the token count is
 * the whole text's), the whole-text scoring of the same input (the first segment's tokens have
 * exactly its logprobs), and the definitions of perplexity and bits per byte recomputed from the
 * written token lines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScoreCommandOptions, runScoreStream } from "../../src/cli/commands/score.js";
import { textSegments } from "../../src/cli/text-segments.js";
import type { EngineModel } from "../../src/engine/index.js";
import { captureIo } from "../cli/helpers/capture-io.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { requireTestModel } from "../helpers/test-model.js";

const sentence = "Once upon a time there was a little dog named Max. He liked to run in the park.\n";

describe("text segments", () => {
  it("cut after line ends, keep every character, and refuse bad UTF-8 naming the argument", async () => {
    const text = `${"ab\n".repeat(10)}caf\u00e9 \ud83d\ude00${"x".repeat(50)}`;
    const bytes = new TextEncoder().encode(text);
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
    }
    const segments: string[] = [];
    for await (const segment of textSegments(chunks(), 8, "FILE")) segments.push(segment);
    expect(segments.join("")).toBe(text);
    expect(segments.length).toBeGreaterThan(2);
    for (const segment of segments.slice(0, -1)) expect(segment.length).toBeLessThanOrEqual(16);
    async function* bad() {
      yield new Uint8Array([0x61, 0xff, 0x62]);
    }
    await expect(async () => {
      for await (const _ of textSegments(bad(), 8, "FILE")) void _;
    }).rejects.toMatchObject({ field: "FILE" });
  });
});

describe.skipIf(!requireTestModel())("score - streams over the engine (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  }, 60_000);
  afterAll(async () => {
    await model?.close();
  });

  it("writes token lines before stdin ends; the tokens are the input; numbers match whole-text scoring", async () => {
    // Small segments (the model's window is 512 tokens; 2,048 characters of this text are about
    // 600 tokens), so that a short text crosses several of them.
    const segmentCharacters = 2048;
    const text = sentence.repeat(Math.ceil((3.2 * segmentCharacters) / sentence.length));
    const bytes = new TextEncoder().encode(text);
    const captured = captureIo();
    let writtenBeforeEnd = false;
    let ended = false;
    async function* stdin() {
      for (let at = 0; at < bytes.length; at += 1024) {
        if (captured.stdout().length > 0 && !ended) writtenBeforeEnd = true;
        yield bytes.subarray(at, at + 1024);
      }
      ended = true;
    }
    const options = parseScoreCommandOptions({ jsonl: true });
    const summary = await runScoreStream(
      model,
      textSegments(stdin(), segmentCharacters, "FILE"),
      options,
      captured.io,
      undefined,
      2048,
    );
    expect(writtenBeforeEnd).toBe(true);
    const lines = captured
      .stdout()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const tokens = lines.filter((line) => line.type === "token") as {
      token: string;
      logprob: number | null;
      bytes: number[];
    }[];
    const last = lines.at(-1)!;
    expect(last.type).toBe("summary");
    expect(
      Buffer.concat(tokens.map((token) => Buffer.from(token.bytes)))
        .toString("utf8")
        .trimStart(),
    ).toBe(text.trimStart());
    const whole = await model.score({ text });
    expect(tokens.length).toBe(whole.sequence.tokens.length);
    // The first segment is scored exactly as the whole text's first window.
    for (let index = 0; index < 200; index++) {
      expect(tokens[index]!.logprob).toBeCloseTo(whole.sequence.tokens[index]!.logprob!, 5);
    }
    const scored = tokens.filter((token) => token.logprob !== null);
    const joint = scored.reduce((sum, token) => sum + token.logprob!, 0);
    expect(summary.perplexity).toBeCloseTo(Math.exp(-joint / scored.length), 9);
    const byteCount = scored.reduce((sum, token) => sum + token.bytes.length, 0);
    expect(summary.bitsPerByte).toBeCloseTo(-joint / (Math.LN2 * byteCount), 9);
    // Every token keeps the sliding window's context: the streamed perplexity is the whole-text one
    // to within the windows' different placement.
    expect(Math.abs(Math.log(summary.perplexity / whole.perplexity))).toBeLessThan(0.05);
  }, 120_000);
});
