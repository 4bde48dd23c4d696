/**
 * Core's `classify` over remote providers, on replayed responses: exact on a server that echoes
 * prompt logprobs (OpenAI-compatible completions), approximate on a chat-only model (first token's
 * top-k). Oracles: the numbers in the responses (built here, and the recorded chat fixture) and
 * the softmax by hand.
 */
import { describe, expect, it } from "vitest";
import { classify } from "../../core/decisions/classify.js";
import { fixtureText, type Recording, routedFetch } from "../__fixtures__/replay-fetch.js";
import { createProvider } from "../create-provider.js";

/** An OpenAI completions echo response (max_tokens 0) with the given tokens and logprobs. */
function echoResponse(tokens: [string, number | null][]): Recording {
  let offset = 0;
  const offsets = tokens.map(([token]) => {
    const start = offset;
    offset += token.length;
    return start;
  });
  const body = {
    object: "text_completion",
    model: "davinci-002",
    choices: [
      {
        index: 0,
        text: tokens.map(([token]) => token).join(""),
        finish_reason: "length",
        logprobs: {
          tokens: tokens.map(([token]) => token),
          token_logprobs: tokens.map(([, logprob]) => logprob),
          top_logprobs: tokens.map(() => null),
          text_offset: offsets,
        },
      },
    ],
    usage: { prompt_tokens: tokens.length, completion_tokens: 0, total_tokens: tokens.length },
  };
  return { headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

describe("classify on remote providers", () => {
  it("is exact on an OpenAI-compatible server that echoes prompt logprobs (recorded numbers, softmax by hand)", async () => {
    const { fetch, requests } = routedFetch((_url, body) => {
      if (body.prompt === "The sky is blue") {
        return echoResponse([
          ["The", null],
          [" sky", -6.2041],
          [" is", -0.4153],
          [" blue", -1.0123],
        ]);
      }
      if (body.prompt === "The sky is green") {
        return echoResponse([
          ["The", null],
          [" sky", -6.2041],
          [" is", -0.4153],
          [" green", -3.5],
        ]);
      }
      return echoResponse([
        ["The", null],
        [" sky", -6.2041],
        [" is", -0.4153],
      ]);
    });
    const model = createProvider({
      provider: "openai-compatible",
      model: "davinci-002",
      baseUrl: "http://127.0.0.1:8000/v1",
      fetch,
    });
    expect(model.capabilities.promptLogprobs).toBe(true);
    const result = await classify(model, { text: "The sky is", labels: ["blue", "green"] });
    expect(requests.map((request) => (request.body as { prompt?: unknown }).prompt)).toEqual([
      "The sky is",
      "The sky is blue",
      "The sky is green",
    ]);
    expect(result.approximate).toBe(false);
    // the responses give " blue" -1.0123 and " green" -3.5 after "The sky is"
    const pBlue = Math.exp(-1.0123) / (Math.exp(-1.0123) + Math.exp(-3.5));
    expect(result.labels.map((entry) => [entry.label, entry.exact, entry.tokenCount])).toEqual([
      ["blue", true, 1],
      ["green", true, 1],
    ]);
    expect(result.labels[0]?.probability).toBeCloseTo(pBlue, 12);
    expect(result.label).toBe("blue");
  });

  it("is approximate on a chat-only model: first token's top-k, with a warning (recorded numbers, softmax by hand)", async () => {
    const { fetch, requests } = routedFetch(() => ({
      headers: { "content-type": "application/json" },
      body: fixtureText("openai-chat.json"),
    }));
    const model = createProvider({
      provider: "openai",
      model: "gpt-4o-mini",
      apiKey: "sk-test",
      api: "chat",
      fetch,
    });
    expect(model.capabilities.promptLogprobs).toBe(false);
    const result = await classify(model, {
      text: "Greet me",
      labels: ["Hello", "Hi", "Bye"],
      labelPrefix: "",
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toMatchObject({ top_logprobs: model.capabilities.maxTopLogprobs });
    expect(result.approximate).toBe(true);
    expect(result.warnings.map((warning) => warning.code)).toContain("first-token-approximation");
    // the fixture's first token: "Hello" -0.31725305, "Hi" -1.3190403; "Bye" is not among them
    const hello = Math.exp(-0.31725305);
    const hi = Math.exp(-1.3190403);
    const byLabel = Object.fromEntries(result.labels.map((entry) => [entry.label, entry.probability]));
    expect(byLabel.Hello).toBeCloseTo(hello / (hello + hi), 12);
    expect(byLabel.Hi).toBeCloseTo(hi / (hello + hi), 12);
    expect(byLabel.Bye).toBe(0);
    expect(result.coveredMass).toBeCloseTo(hello + hi, 12);
  });
});
