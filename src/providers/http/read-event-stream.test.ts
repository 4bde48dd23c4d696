import { describe, expect, it } from "vitest";
import { ApiCallError } from "../../core/errors.js";
import { readJsonLines, readServerSentEvents } from "./read-event-stream.js";

/** A body that delivers `text` in the given byte-sized pieces, to split lines and characters. */
function chunkedBody(text: string, pieceSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + pieceSize));
      offset += pieceSize;
    },
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("readServerSentEvents", () => {
  const text =
    ': comment\r\nevent: delta\r\ndata: {"a":"é"}\r\n\r\ndata: line1\ndata: line2\nid: 7\n\ndata:[DONE]\n\n';
  it.each([1, 2, 3, 7, 1000])("parses events split every %i bytes", async (pieceSize) => {
    const events = await collect(readServerSentEvents(chunkedBody(text, pieceSize), { url: "u" }));
    expect(events).toEqual([
      { event: "delta", data: '{"a":"é"}' },
      { data: "line1\nline2" },
      { data: "[DONE]" },
    ]);
  });

  it("yields a final event without a trailing blank line", async () => {
    expect(await collect(readServerSentEvents(chunkedBody("data: x", 3), { url: "u" }))).toEqual([
      { data: "x" },
    ]);
  });

  it("fails when the stream goes silent", async () => {
    const silent = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
    await expect(
      collect(readServerSentEvents(silent, { url: "u", idleTimeoutMs: 20 })),
    ).rejects.toBeInstanceOf(ApiCallError);
  });
});

describe("readJsonLines", () => {
  it("parses NDJSON split anywhere", async () => {
    const body = chunkedBody('{"n":1}\n\n{"n":2,"s":"ü"}\n{"n":3}', 2);
    expect(await collect(readJsonLines(body, { url: "u" }))).toEqual([{ n: 1 }, { n: 2, s: "ü" }, { n: 3 }]);
  });
  it("reports a broken line as ApiCallError", async () => {
    await expect(collect(readJsonLines(chunkedBody("{oops\n", 10), { url: "u" }))).rejects.toBeInstanceOf(
      ApiCallError,
    );
  });
});
