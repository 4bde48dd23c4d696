/**
 * The clients users run against `logprobe serve`, each through its own HTTP stack against a
 * running server (127.0.0.1, a free port) over the fake bigram model: the official `openai`
 * client's `responses.create` (streamed and not), the AI SDK's default OpenAI provider (which calls
 * `/v1/responses`; logprobs in `providerMetadata.openai.logprobs`), `@ai-sdk/openai-compatible`
 * with a `metadataExtractor` (chat completions), and LangChain's `ChatOpenAI` with
 * `useResponsesApi: true`. Oracle: the closed-form table in ./oracle.ts.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible, type MetadataExtractor } from "@ai-sdk/openai-compatible";
import { ChatOpenAI } from "@langchain/openai";
import { generateText, streamText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { createEchoFakeModel } from "./echo-fake-model.js";
import { greedyOracle } from "./oracle.js";

let server: RunningServer;
const apiKey = "test-key";

beforeAll(async () => {
  server = await startServer({
    models: createEchoFakeModel(),
    port: 0,
    host: "127.0.0.1",
    apiKey,
    log: () => {},
  });
});

afterAll(async () => {
  await server.close(1000);
});

interface Entry {
  token: string;
  logprob: number;
  top_logprobs?: { token?: string; logprob?: number }[];
}

/** Checks entries against the oracle's greedy tokens (12 digits: the fake's math is float64). */
function expectOracle(entries: readonly Entry[], prompt: string, maxTokens: number, k: number): void {
  const expected = greedyOracle(prompt, maxTokens, k);
  expect(entries.map((entry) => entry.token)).toEqual(expected.map((token) => token.token));
  entries.forEach((entry, index) => {
    expect(entry.logprob).toBeCloseTo(expected[index]!.logprob, 12);
    expect((entry.top_logprobs ?? []).map((top) => top.token)).toEqual(
      expected[index]!.top.map((top) => top.token),
    );
  });
}

describe("openai client: responses.create", () => {
  it("returns output_text logprobs, streamed and not, identical", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
    const request = {
      model: "fake-bigram",
      input: " on",
      include: ["message.output_text.logprobs" as const],
      top_logprobs: 2,
      max_output_tokens: 3,
      temperature: 0,
    };
    const response = await client.responses.create(request);
    expect(response.output_text).toBe(". the sat");
    const message = response.output[0];
    if (message?.type !== "message") throw new Error("expected a message item");
    const part = message.content[0];
    if (part?.type !== "output_text") throw new Error("expected an output_text part");
    expectOracle(part.logprobs!, " on", 3, 2);
    const stream = await client.responses.create({ ...request, stream: true });
    const streamed: Entry[] = [];
    let text = "";
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") {
        text += event.delta;
        streamed.push(...event.logprobs);
      }
      if (event.type === "response.incomplete" || event.type === "response.completed")
        completed = event.response;
    }
    expect(text).toBe(response.output_text);
    expect(streamed).toEqual(part.logprobs);
    expect(completed?.usage).toEqual(response.usage);
  });

  it("maps a bad field to the client's typed error with its param", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
    await expect(
      client.responses.create({ model: "fake-bigram", input: "x", top_logprobs: 30 }),
    ).rejects.toMatchObject({ status: 400, param: "top_logprobs", type: "invalid_request_error" });
  });
});

describe("AI SDK: createOpenAI's default provider (the Responses API)", () => {
  const model = () => createOpenAI({ baseURL: `${server.url}/v1`, apiKey })("fake-bigram");

  it("generateText: logprobs in providerMetadata.openai.logprobs", async () => {
    const result = await generateText({
      model: model(),
      prompt: " mat",
      maxOutputTokens: 3,
      temperature: 0,
      maxRetries: 0,
      providerOptions: { openai: { logprobs: 2 } },
    });
    const logprobs = result.providerMetadata?.openai?.logprobs as unknown as Entry[][];
    expect(result.text).toBe(
      greedyOracle(" mat", 3, 0)
        .map((token) => token.token)
        .join(""),
    );
    expect(logprobs).toHaveLength(1);
    expectOracle(logprobs[0]!, " mat", 3, 2);
  });

  it("streamText: the same logprobs", async () => {
    const result = streamText({
      model: model(),
      prompt: " mat",
      maxOutputTokens: 3,
      temperature: 0,
      maxRetries: 0,
      providerOptions: { openai: { logprobs: 2 } },
    });
    expect(await result.text).toBe(
      greedyOracle(" mat", 3, 0)
        .map((token) => token.token)
        .join(""),
    );
    const metadata = await result.providerMetadata;
    const logprobs = ((metadata?.openai?.logprobs ?? []) as unknown as Entry[][]).flat();
    expectOracle(logprobs, " mat", 3, 2);
  });
});

/**
 * The README's example: `@ai-sdk/openai-compatible` passes `logprobs` through its provider options
 * but returns them only through a metadata extractor.
 */
const logprobsExtractor: MetadataExtractor = {
  async extractMetadata({ parsedBody }) {
    const choice = (parsedBody as { choices?: { logprobs?: { content?: unknown } }[] }).choices?.[0];
    return { logprobe: { logprobs: (choice?.logprobs?.content ?? []) as never } };
  },
  createStreamExtractor() {
    const tokens: unknown[] = [];
    return {
      processChunk(chunk) {
        const choice = (chunk as { choices?: { logprobs?: { content?: unknown[] } }[] }).choices?.[0];
        tokens.push(...(choice?.logprobs?.content ?? []));
      },
      buildMetadata: () => ({ logprobe: { logprobs: tokens as never } }),
    };
  },
};

describe("AI SDK: @ai-sdk/openai-compatible with a metadataExtractor", () => {
  const provider = () =>
    createOpenAICompatible({
      name: "logprobe",
      baseURL: `${server.url}/v1`,
      apiKey,
      metadataExtractor: logprobsExtractor,
    });
  const options = { logprobe: { logprobs: true, top_logprobs: 2 } };

  it("generateText and streamText give the oracle's logprobs", async () => {
    const whole = await generateText({
      model: provider()("fake-bigram"),
      prompt: " the",
      maxOutputTokens: 3,
      temperature: 0,
      maxRetries: 0,
      providerOptions: options,
    });
    expectOracle(whole.providerMetadata?.logprobe?.logprobs as unknown as Entry[], " the", 3, 2);
    const streamed = streamText({
      model: provider()("fake-bigram"),
      prompt: " the",
      maxOutputTokens: 3,
      temperature: 0,
      maxRetries: 0,
      providerOptions: options,
    });
    expect(await streamed.text).toBe(whole.text);
    expectOracle((await streamed.providerMetadata)?.logprobe?.logprobs as unknown as Entry[], " the", 3, 2);
  });
});

describe("LangChain: ChatOpenAI with useResponsesApi", () => {
  it("invoke and stream return the output_text logprobs in response_metadata", async () => {
    const chat = new ChatOpenAI({
      model: "fake-bigram",
      apiKey,
      useResponsesApi: true,
      temperature: 0,
      maxTokens: 3,
      maxRetries: 0,
      modelKwargs: { top_logprobs: 2 },
      configuration: { baseURL: `${server.url}/v1` },
    });
    const callOptions = { include: ["message.output_text.logprobs" as const] };
    const message = await chat.invoke(" a", callOptions);
    expect(message.text).toBe(
      greedyOracle(" a", 3, 0)
        .map((token) => token.token)
        .join(""),
    );
    const output = message.response_metadata.output as { content: { logprobs: Entry[] }[] }[];
    expectOracle(output[0]!.content[0]!.logprobs, " a", 3, 2);
    let streamedText = "";
    let last: typeof message | undefined;
    for await (const chunk of await chat.stream(" a", callOptions)) {
      streamedText += chunk.text;
      if (chunk.response_metadata.output) last = chunk as typeof message;
    }
    expect(streamedText).toBe(message.text);
    const streamedOutput = last?.response_metadata.output as { content: { logprobs: Entry[] }[] }[];
    expect(streamedOutput[0]!.content[0]!.logprobs).toEqual(output[0]!.content[0]!.logprobs);
  });
});
