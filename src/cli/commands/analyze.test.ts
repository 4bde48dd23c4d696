/**
 * `logprobe analyze`, run as a real child process (test/helpers/run-cli.ts). Summary numbers are
 * checked against hand computation from the fixtures' own numbers.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/run-cli.js";
import { fixturePath, fixtureText } from "../../wire/__fixtures__/load-fixture.js";

interface AnalyzeJson {
  format: string;
  tokens: {
    token: string;
    logprob: number | null;
    prob: number | null;
    top: { token: string; logprob: number }[];
  }[];
  summary: {
    tokenCount: number;
    meanLogprob: number;
    minLogprob: number;
    perplexity: number;
    jointLogprob: number;
  };
}

function parseOne(stdout: string): AnalyzeJson {
  const lines = stdout.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? "") as AnalyzeJson;
}

describe("logprobe analyze", () => {
  it("--json on the chat fixture: summary equals hand computation", async () => {
    const run = await runCli(["analyze", fixturePath("openai-chat.json"), "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = parseOne(run.stdout);
    expect(json.format).toBe("openai-chat");
    // Hand computation from the fixture's logprobs -0.31725305, -0.02380986, -0.3918192:
    // joint = -0.73288211, mean = joint / 3 = -0.244294036667, min = -0.3918192,
    // perplexity = exp(0.244294036667) = 1.27671967770.
    expect(json.summary.tokenCount).toBe(3);
    expect(json.summary.jointLogprob).toBeCloseTo(-0.73288211, 12);
    expect(json.summary.meanLogprob).toBeCloseTo(-0.244294036667, 11);
    expect(json.summary.minLogprob).toBe(-0.3918192);
    expect(json.summary.perplexity).toBeCloseTo(1.2767196777, 9);
    // Exact bytes in every output: the fixture's own `bytes` (UTF-8 of "Hello", "Hi").
    expect(json.tokens[0]).toEqual({
      token: "Hello",
      bytes: [72, 101, 108, 108, 111],
      logprob: -0.31725305,
      prob: Math.exp(-0.31725305),
      top: [
        { token: "Hello", bytes: [72, 101, 108, 108, 111], logprob: -0.31725305 },
        { token: "Hi", bytes: [72, 105], logprob: -1.3190403 },
      ],
    });
  });

  it("--json on the echo completion: the null first token is left out of the summary", async () => {
    const run = await runCli(["analyze", fixturePath("openai-completion.json"), "--json"]);
    expect(run.code).toBe(0);
    const json = parseOne(run.stdout);
    expect(json.tokens[0]).toMatchObject({ token: "The", logprob: null, prob: null });
    // Hand computation over -6.2041, -0.4153, -1.0123, -0.6402: joint = -8.2719, mean = -2.067975,
    // min = -6.2041, perplexity = exp(2.067975) = 7.90879158844.
    expect(json.summary.tokenCount).toBe(4);
    expect(json.summary.jointLogprob).toBeCloseTo(-8.2719, 12);
    expect(json.summary.meanLogprob).toBeCloseTo(-2.067975, 12);
    expect(json.summary.minLogprob).toBe(-6.2041);
    expect(json.summary.perplexity).toBeCloseTo(7.9087915884, 9);
  });

  it("reads an SSE capture from stdin and agrees with the non-streamed response", async () => {
    const run = await runCli(["analyze", "-", "--json"], { stdin: fixtureText("openai-chat-stream.txt") });
    expect(run.code).toBe(0);
    const json = parseOne(run.stdout);
    expect(json.format).toBe("openai-chat-stream");
    expect(json.summary.jointLogprob).toBeCloseTo(-0.73288211, 12);
  });

  it("prints the token table and summary", async () => {
    const run = await runCli(["analyze", fixturePath("openai-chat.json"), "--top", "1"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(
      "format: openai-chat  source: openai  model: gpt-4o-mini-2024-07-18  distribution: top-k",
    );
    expect(lines).toContain("#  token     prob  logprob  rank  top alternatives");
    // exp(-0.31725305) = 72.8%, exp(-1.3190403) = 26.7%, both by hand.
    expect(lines).toContain('1  "Hello"  72.8%  -0.3173     1  "Hi" 26.7%');
    // perplexity 1.27672 -> "1.277", mean -0.24429 -> "-0.2443", joint -0.73288 -> "-0.7329".
    expect(lines).toContain(
      "tokens: 3  perplexity: 1.277  mean logprob: -0.2443 nats  joint logprob: -0.7329 nats",
    );
  });

  const chat = fixtureText("openai-chat.json");
  const malformed: [name: string, input: string, place: RegExp][] = [
    [
      "bad JSON",
      '{"object": "chat.completion", "choices": [}',
      /^logprobe: input line 1, column 43: invalid JSON/,
    ],
    ["NaN", chat.replace("-0.02380986,", "NaN,"), /^logprobe: input line 23, column 24: .*NaN/],
    [
      "logprob > 0",
      chat.replace('"logprob": -0.3918192,', '"logprob": 0.5,'),
      /^logprobe: choices\[0\]\.logprobs\.content\[2\]\.logprob: logprob 0\.5 is above 0/,
    ],
    [
      "missing field",
      chat.replace('"token": "!",', ""),
      /^logprobe: choices\[0\]\.logprobs\.content\[1\]\.token: /,
    ],
    ["unknown shape", '{"hello": 1}', /^logprobe: \(root\): is an object in no known logprobs format/],
  ];

  it.each(malformed)(
    "%s: exit code 2, one stderr line naming the place, empty stdout",
    async (_name, input, place) => {
      const run = await runCli(["analyze", "-"], { stdin: input });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.endsWith("\n")).toBe(true);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(place);
    },
  );

  it("rejects an unknown --format, listing the allowed ones", async () => {
    const run = await runCli(["analyze", fixturePath("openai-chat.json"), "--format", "openai"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^logprobe: --format: unknown format "openai" \(allowed: openai-completions, .*gemini\)\n$/,
    );
  });
});
