import { describe, expect, it } from "vitest";
import { captureIo } from "../../../test/cli/helpers/capture-io.js";
import { createFakeModel, fakeLogprobs, fakeVocabulary } from "../../../test/helpers/fake-model.js";
import { ABSTENTION_ANSWER, parseGenerateCommandOptions, runGenerate } from "./generate.js";

// The fake bigram model continues " mat" (id 6) greedily with " fast" (11), " cat" (3), " ran" (10),
// then EOS. Oracle: its exact distributions, fakeLogprobs(previous), i.e. the log-softmax of the
// fixed logit table, evaluated independently of the CLI below.
const chain = [
  [6, 11],
  [11, 3],
  [3, 10],
] as const;
const expectedLogprobs = chain.map(([previous, next]) => fakeLogprobs(previous)[next]!);
const ansiPattern = /\u001b\[[0-9;]*m/g;

function options(flags: Record<string, unknown>) {
  return parseGenerateCommandOptions(flags);
}

describe("generate --json", () => {
  it("prints tokens, summary, text and model in analyze's shape, with hand-checked numbers", async () => {
    const captured = captureIo();
    await runGenerate(createFakeModel(), " mat", options({ json: true, top: "2" }), captured.io);
    const document = JSON.parse(captured.stdout());
    expect(Object.keys(document)).toEqual(["format", "tokens", "summary", "text", "model", "finishReason"]);
    expect(document.format).toBe("fake");
    expect(document.text).toBe(" fast cat ran");
    expect(document.model).toBe("fake-bigram");
    expect(document.finishReason).toBe("stop");
    expect(document.tokens).toHaveLength(3);
    chain.forEach(([previous, next], index) => {
      const token = document.tokens[index];
      const logprobs = fakeLogprobs(previous);
      const order = logprobs.map((_, id) => id).sort((a, b) => logprobs[b]! - logprobs[a]!);
      expect(Object.keys(token)).toEqual(["token", "bytes", "logprob", "prob", "top"]);
      expect(token.token).toBe(fakeVocabulary[next]);
      expect(token.logprob).toBeCloseTo(logprobs[next]!, 12);
      expect(token.prob).toBeCloseTo(Math.exp(logprobs[next]!), 12);
      const utf8 = (text: string | undefined) => [...new TextEncoder().encode(text)];
      expect(token.bytes).toEqual(utf8(fakeVocabulary[next]));
      expect(token.top).toEqual([
        {
          token: fakeVocabulary[order[0]!],
          bytes: utf8(fakeVocabulary[order[0]!]),
          logprob: logprobs[order[0]!],
        },
        {
          token: fakeVocabulary[order[1]!],
          bytes: utf8(fakeVocabulary[order[1]!]),
          logprob: logprobs[order[1]!],
        },
      ]);
    });
    // Hand values: logprobs -1.28618, -0.21342, -1.40544; sum -2.90504; mean -0.96835; ppl 2.6336.
    const joint = expectedLogprobs.reduce((sum, value) => sum + value, 0);
    expect(joint).toBeCloseTo(-2.90504, 4);
    expect(document.summary).toEqual({
      tokenCount: 3,
      meanLogprob: expect.closeTo(joint / 3, 12),
      minLogprob: expect.closeTo(expectedLogprobs[2]!, 12),
      perplexity: expect.closeTo(Math.exp(-joint / 3), 12),
      jointLogprob: expect.closeTo(joint, 12),
    });
    expect(document.summary.perplexity).toBeCloseTo(2.6336, 3);
  });

  it("adds the abstention decision and answer when --abstain-below is given", async () => {
    const captured = captureIo();
    await runGenerate(createFakeModel(), " mat", options({ json: true, abstainBelow: "0.5" }), captured.io);
    const document = JSON.parse(captured.stdout());
    expect(document.answer).toBe(ABSTENTION_ANSWER);
    expect(document.text).toBe(" fast cat ran");
    expect(document.abstention).toMatchObject({ abstain: true, threshold: 0.5, position: 2 });
    expect(document.abstention.value).toBeCloseTo(Math.exp(expectedLogprobs[2]!), 12);
  });
});

describe("generate (text)", () => {
  it("prints plain text, table and summary without escape codes when stdout is not a terminal", async () => {
    const captured = captureIo({ isTTY: false });
    await runGenerate(createFakeModel(), " mat", options({ top: "2" }), captured.io);
    const output = captured.stdout();
    expect(output).not.toMatch(ansiPattern);
    const lines = output.split("\n");
    expect(lines[0]).toBe(" fast cat ran");
    // Table: the chosen token is not repeated among the alternatives.
    expect(lines).toContain("#  token     prob  logprob  alternatives");
    // " fast": p = exp(-1.28618) = 27.6%; alternatives " dog" exp(-1.5611) = 21.0%, "." 15.7%.
    expect(lines).toContain('1  " fast"  27.6%  -1.2862  " dog" 21.0%  "." 15.7%');
    expect(output).toContain(
      "tokens: 3  perplexity: 2.634  mean logprob: -0.9683 nats  joint logprob: -2.9050 nats",
    );
    expect(output).toContain('least confident: #3 " ran" (24.5%, logprob -1.4054)');
    // Margins (hand): #1 -1.2862 - (-1.5611) = 0.2749 <= ln 2; #2 2.99 > ln 2; #3 0.1212 <= ln 2.
    expect(output).toContain("ambiguity points: 2");
    expect(output).toContain('#1 " fast": " fast" 27.6% vs " dog" 21.0%, margin 0.2749 nats');
    expect(output).toContain("finish: stop  model: fake-bigram");
  });

  it("paints the heatmap and prints a legend on a terminal, and stays plain with NO_COLOR", async () => {
    const colour = captureIo({ isTTY: true, env: {} });
    await runGenerate(createFakeModel(), " mat", options({}), colour.io);
    expect(colour.stdout()).toMatch(ansiPattern);
    expect(colour.stdout()).toContain("probability: ");
    expect(colour.stdout().replace(ansiPattern, "").split("\n")[0]).toBe(" fast cat ran");

    const noColour = captureIo({ isTTY: true, env: { NO_COLOR: "1" } });
    await runGenerate(createFakeModel(), " mat", options({}), noColour.io);
    expect(noColour.stdout()).not.toMatch(ansiPattern);
    expect(noColour.stdout()).not.toContain("probability: ");

    const forced = captureIo({ isTTY: false, env: { FORCE_COLOR: "1" } });
    await runGenerate(createFakeModel(), " mat", options({}), forced.io);
    expect(forced.stdout()).toMatch(ansiPattern);
  });

  it("answers or abstains by the least probable token (min p = exp(-1.40544) = 0.2453)", async () => {
    const above = captureIo();
    await runGenerate(createFakeModel(), " mat", options({ abstainBelow: "0.25" }), above.io);
    const abstained = above.stdout().split("\n");
    expect(abstained[0]).toBe(ABSTENTION_ANSWER);
    expect(abstained[1]).toMatch(
      /^\(abstained: the least probable token \(" ran" at #3\) has probability 0\.2453/,
    );

    const below = captureIo();
    await runGenerate(createFakeModel(), " mat", options({ abstainBelow: "0.24" }), below.io);
    const answered = below.stdout().split("\n");
    expect(answered[0]).toBe(" fast cat ran");
    expect(answered[1]).toMatch(/^\(answered: .* which is not below the threshold 0\.2400\)$/);
  });
});

describe("generate warnings", () => {
  it("prints the model's warnings on stderr after the output", async () => {
    const fake = createFakeModel();
    const model = {
      ...fake,
      async *stream(request: Parameters<typeof fake.stream>[0]) {
        for await (const event of fake.stream(request)) {
          if (event.type === "done") {
            event.result.warnings.push({
              code: "unsupported-option",
              field: "messages",
              message: "generic template",
            });
          }
          yield event;
        }
      },
    };
    const captured = captureIo();
    await runGenerate(model, " mat", options({}), captured.io);
    expect(captured.stderr()).toBe("logprobe: warning: messages: generic template\n");
    expect(captured.stdout().startsWith(" fast cat ran\n")).toBe(true);
    expect(
      captured
        .combined()
        .endsWith("finish: stop  model: fake-bigram\nlogprobe: warning: messages: generic template\n"),
    ).toBe(true);
  });
});
