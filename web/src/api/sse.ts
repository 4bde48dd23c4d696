/**
 * Incremental parser for Server-Sent Events read from a fetch body (EventSource cannot POST).
 * Follows the WHATWG event-stream rules that matter here: events end at a blank line, `data:`
 * lines of one event join with "\n", one leading space after the colon is dropped, lines starting
 * with ":" are comments, and CRLF, LF or CR end a line.
 */

/** One parsed event. */
export interface ServerSentEvent {
  /** The `event:` field, "message" when absent. */
  event: string;
  /** The joined `data:` lines. */
  data: string;
}

/** Feeds text chunks in, gets whole events out; keeps the unfinished tail between calls. */
export class SseParser {
  private buffer = "";
  private dataLines: string[] = [];
  private eventName = "";

  /** Adds a chunk and returns the events it completed. */
  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      // A lone "\r" at the very end may be the first half of "\r\n": wait for more input.
      if (match[0] === "\r" && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** Ends the stream: an event left without its closing blank line is still delivered. */
  end(): ServerSentEvent[] {
    const events = this.buffer.length > 0 ? this.push("\n") : [];
    const last = this.line("");
    if (last) events.push(last);
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === "") {
      if (this.dataLines.length === 0) {
        this.eventName = "";
        return undefined;
      }
      const event = { event: this.eventName || "message", data: this.dataLines.join("\n") };
      this.dataLines = [];
      this.eventName = "";
      return event;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.dataLines.push(value);
    else if (field === "event") this.eventName = value;
    return undefined;
  }
}
