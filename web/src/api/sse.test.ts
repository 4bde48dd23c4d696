import { describe, expect, it } from "vitest";
import { SseParser } from "./sse.js";

describe("SseParser", () => {
  it("parses events split across chunks at any point", () => {
    const stream = 'data: {"a":1}\n\n: keep-alive\n\nevent: done\ndata: {"b":2}\n\n';
    for (let cut = 0; cut <= stream.length; cut++) {
      const parser = new SseParser();
      const events = [
        ...parser.push(stream.slice(0, cut)),
        ...parser.push(stream.slice(cut)),
        ...parser.end(),
      ];
      expect(events).toEqual([
        { event: "message", data: '{"a":1}' },
        { event: "done", data: '{"b":2}' },
      ]);
    }
  });

  it("joins multi-line data and accepts CRLF and CR line ends", () => {
    const parser = new SseParser();
    // A CR at the very end of a chunk may be half of a CRLF, so that blank line waits for more.
    expect(parser.push("data: one\r\ndata:two\r\n\r\ndata: x\r\r")).toEqual([
      { event: "message", data: "one\ntwo" },
    ]);
    expect(parser.push("data: y\r\r")).toEqual([{ event: "message", data: "x" }]);
    expect(parser.end()).toEqual([{ event: "message", data: "y" }]);
  });

  it("waits for the LF of a CRLF split across chunks", () => {
    const parser = new SseParser();
    expect(parser.push("data: a\r")).toEqual([]);
    expect(parser.push("\n\r\n")).toEqual([{ event: "message", data: "a" }]);
  });

  it("delivers a last event that lacks its blank line", () => {
    const parser = new SseParser();
    expect(parser.push("data: tail")).toEqual([]);
    expect(parser.end()).toEqual([{ event: "message", data: "tail" }]);
  });
});
