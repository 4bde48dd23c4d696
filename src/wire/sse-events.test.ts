import { describe, expect, it } from "vitest";
import { looksLikeSse, parseSseData } from "./sse-events.js";

describe("parseSseData", () => {
  it("reads data payloads in order and stops at [DONE]", () => {
    const text = 'data: {"a":1}\n\n: comment\nevent: x\ndata: {"b":2}\n\ndata: [DONE]\n\ndata: {"c":3}\n\n';
    expect(parseSseData(text)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("joins multi-line data with a newline (SSE spec) and accepts CRLF and a missing last blank line", () => {
    expect(parseSseData('data: {"a":\r\ndata: 1}\r\n\r\ndata: {"b":2}')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("names the line of a payload that is not JSON", () => {
    expect(() => parseSseData('data: {"a":1}\n\ndata: {oops\n\n')).toThrow(
      expect.objectContaining({ field: "line 3" }),
    );
  });

  it("recognises SSE text", () => {
    expect(looksLikeSse('\n data: {"a":1}')).toBe(true);
    expect(looksLikeSse('{"data": 1}')).toBe(false);
  });
});
