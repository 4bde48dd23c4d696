import { describe, expect, it } from "vitest";
import { fixtureText, loadFixture } from "./__fixtures__/load-fixture.js";
import {
  fromOpenAIResponsesLogprobs,
  fromOpenAIResponsesResponse,
  toOpenAIResponsesLogprobs,
} from "./openai-responses.js";
import { ResponsesStreamAccumulator } from "./responses-stream-accumulator.js";
import { parseSseData } from "./sse-events.js";

describe("ResponsesStreamAccumulator", () => {
  it("accumulates text deltas into the same tokens as the non-streamed response", () => {
    const accumulator = new ResponsesStreamAccumulator();
    for (const event of parseSseData(fixtureText("openai-responses-stream.txt"))) accumulator.push(event);
    // Oracle: the recorded non-streamed response of the same call.
    const expected = fromOpenAIResponsesResponse(loadFixture("openai-responses.json"));
    expect(accumulator.sequence()).toEqual(expected);
    expect(accumulator.eventCount).toBe(4);
  });

  it("returns from push() the tokens each text delta added and nothing for other events", () => {
    const accumulator = new ResponsesStreamAccumulator();
    const events = parseSseData(fixtureText("openai-responses-stream.txt"));
    const added = events.map((event) => accumulator.push(event));
    // Oracle: the recorded non-streamed response of the same call.
    const expected = fromOpenAIResponsesResponse(loadFixture("openai-responses.json"));
    expect(added.flatMap((piece) => piece.tokens)).toEqual(expected.tokens);
    expect(added.map((piece) => piece.text).join("")).toBe(expected.text);
    const isDelta = (event: unknown) => (event as { type: string }).type === "response.output_text.delta";
    expect(added.filter((_, index) => !isDelta(events[index])).flatMap((piece) => piece.tokens)).toEqual([]);
  });

  it("round-trips every delta's logprobs byte for byte", () => {
    const events = parseSseData(fixtureText("openai-responses-stream.txt")) as {
      type: string;
      logprobs?: unknown;
    }[];
    const deltas = events.filter((event) => event.type === "response.output_text.delta");
    expect(deltas).toHaveLength(2);
    for (const delta of deltas) {
      const tokens = fromOpenAIResponsesLogprobs(delta.logprobs).tokens;
      expect(JSON.stringify(toOpenAIResponsesLogprobs(tokens))).toBe(JSON.stringify(delta.logprobs));
    }
  });

  it("names the event and field of a bad delta", () => {
    const accumulator = new ResponsesStreamAccumulator();
    expect(() =>
      accumulator.push({
        type: "response.output_text.delta",
        delta: "x",
        logprobs: [{ token: "x", logprob: null }],
      }),
    ).toThrow(expect.objectContaining({ field: "events[0].logprobs[0].logprob" }));
  });
});
