import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiCallError } from "../../core/errors.js";
import type { GenerateEvent, GenerateResult } from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { parseWithSchema } from "../../wire/index.js";
import { replayFetch } from "../__fixtures__/replay-fetch.js";
import { SqliteResponseCache } from "../cache/response-cache.js";
import { ProviderTransport } from "./provider-transport.js";
import { type GenerationStreamReader, streamGeneration } from "./stream-generation.js";

/** A toy NDJSON protocol: each line `{pieces: [[text, logprob], ...], done}`. */
const LineSchema = z.object({ pieces: z.array(z.tuple([z.string(), z.number()])), done: z.boolean() });

function toyReader(): GenerationStreamReader & { lines: number } {
  const reader = {
    lines: 0,
    read(payload: unknown): TokenLogprob[] {
      const line = parseWithSchema(LineSchema, payload, `lines[${reader.lines}]`);
      reader.lines++;
      return line.pieces.map(([token, logprob]) => ({ token, bytes: [], logprob, top: [] }));
    },
    result(tokens: TokenLogprob[]): GenerateResult {
      const text = tokens.map((token) => token.token).join("");
      return {
        text,
        sequence: { tokens, text, provenance: { source: "toy", distribution: "top-k" } },
        // A prompt whose offsets the helper must make relative to its own text.
        prompt: {
          tokens: [{ token: "P", bytes: [], logprob: -1, top: [], textOffset: 99 }],
          text: "P",
          provenance: { source: "toy", distribution: "top-k" },
        },
        finishReason: "stop",
        usage: { promptTokens: 1, completionTokens: tokens.length },
        warnings: [],
        model: "toy",
      };
    },
  };
  return reader;
}

function transportFor(bodies: string[], cache?: SqliteResponseCache) {
  const replay = replayFetch(
    bodies.map((body) => ({ body, headers: { "content-type": "application/x-ndjson" } })),
  );
  const transport = new ProviderTransport({
    provider: "toy",
    baseUrl: "http://toy.test",
    model: "m",
    headers: {},
    http: { fetch: replay.fetch, maxRetries: 0 },
    ...(cache ? { cache } : {}),
  });
  return { transport, replay };
}

const request = (transport: ProviderTransport, reader: GenerationStreamReader) =>
  streamGeneration(
    transport,
    {
      path: "/gen",
      body: { q: 1 },
      format: "ndjson",
      isFinal: (payload) => (payload as { done?: unknown }).done === true,
    },
    reader,
  );

async function collect(events: AsyncIterable<GenerateEvent>) {
  const list: GenerateEvent[] = [];
  for await (const event of events) list.push(event);
  return list;
}

const lines = [
  {
    pieces: [
      ["Once", -0.5],
      [" upon", -0.25],
    ],
    done: false,
  },
  { pieces: [], done: false },
  { pieces: [[" a", -0.125]], done: true },
];
const ndjson = lines.map((line) => JSON.stringify(line)).join("\n");

describe("streamGeneration", () => {
  it("numbers the tokens and places each at its offset in the generated text, then yields the result", async () => {
    const { transport } = transportFor([ndjson]);
    const events = await collect(request(transport, toyReader()));
    // Oracle: offsets by hand, "Once" 0..4, " upon" 4..9, " a" 9..11.
    expect(events.filter((event) => event.type === "token")).toEqual([
      {
        type: "token",
        index: 0,
        token: { token: "Once", bytes: [], logprob: -0.5, top: [], textOffset: 0 },
      },
      {
        type: "token",
        index: 1,
        token: { token: " upon", bytes: [], logprob: -0.25, top: [], textOffset: 4 },
      },
      {
        type: "token",
        index: 2,
        token: { token: " a", bytes: [], logprob: -0.125, top: [], textOffset: 9 },
      },
    ]);
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error("the last event is not done");
    expect(done.result.text).toBe("Once upon a");
    expect(done.result.sequence.tokens.map((token) => token.textOffset)).toEqual([0, 4, 9]);
    expect(done.result.prompt?.tokens[0]?.textOffset).toBe(0);
  });

  it("turns a malformed payload into an ApiCallError naming the URL and the JSON path, and does not cache it", async () => {
    const cache = new SqliteResponseCache(":memory:");
    const bad = [JSON.stringify(lines[0]), JSON.stringify({ pieces: [["x", "high"]], done: true })].join(
      "\n",
    );
    const { transport, replay } = transportFor([bad, ndjson], cache);
    const error = await collect(request(transport, toyReader())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).message).toContain(
      "unexpected response from http://toy.test/gen: lines[1].pieces[0][1]",
    );
    // The same request asks the upstream again and succeeds.
    const events = await collect(request(transport, toyReader()));
    expect(events.at(-1)?.type).toBe("done");
    expect(replay.requests).toHaveLength(2);
    cache.close();
  });

  it("fails a stream that closed before its final payload, and yields no result", async () => {
    const { transport } = transportFor([JSON.stringify(lines[0])]);
    const events: GenerateEvent[] = [];
    const error = await (async () => {
      for await (const event of request(transport, toyReader())) events.push(event);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(events.map((event) => event.type)).toEqual(["token", "token"]);
  });
});
