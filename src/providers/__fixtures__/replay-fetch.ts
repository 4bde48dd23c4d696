/**
 * Test helper: a `fetch` that replays recorded HTTP responses in order and records every request,
 * so provider tests run without a network.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** The text of a fixture file in this folder. */
export function fixtureText(name: string): string {
  return readFileSync(join(here, name), "utf8");
}

/** The parsed JSON of a fixture file in this folder. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

/** One recorded response. */
export interface Recording {
  status?: number;
  headers?: Record<string, string>;
  /** Body text (for a stream: the whole SSE / NDJSON text). */
  body: string;
  /** Deliver the body in pieces of this many bytes (to exercise chunk boundaries). */
  chunkSize?: number;
}

/** A request the replay received. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function bodyStream(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/** A replaying fetch and the list of requests it received. */
export function replayFetch(recordings: Recording[]) {
  const queue = [...recordings];
  const requests: RecordedRequest[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    requests.push({
      url,
      method: init.method ?? "GET",
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
    });
    const next = queue.shift();
    if (!next) throw new Error(`replayFetch: no recording left for ${url}`);
    const body = next.chunkSize ? bodyStream(next.body, next.chunkSize) : next.body;
    return new Response(body, { status: next.status ?? 200, headers: next.headers ?? {} });
  };
  return { fetch, requests, remaining: () => queue.length };
}

/** A recording of a JSON fixture file. */
export function jsonRecording(name: string, status = 200, headers: Record<string, string> = {}): Recording {
  return { status, headers: { "content-type": "application/json", ...headers }, body: fixtureText(name) };
}

/** A recording of a stream fixture file, delivered in small pieces. */
export function streamRecording(name: string, contentType = "text/event-stream", chunkSize = 37): Recording {
  return { status: 200, headers: { "content-type": contentType }, body: fixtureText(name), chunkSize };
}

/** No waiting between retries in tests; the waits are recorded. */
export function instantSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (milliseconds: number) => void waits.push(milliseconds) };
}

/** Picks the recording for a request (by URL and parsed body); the route function is the recording table. */
export function routedFetch(route: (url: string, body: Record<string, unknown>) => Recording) {
  const requests: (RecordedRequest & { body: Record<string, unknown> })[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    requests.push({ url, method: init.method ?? "GET", headers: { ...(init.headers as Record<string, string>) }, body });
    if (init.signal?.aborted) throw new DOMException("aborted", "AbortError");
    const recording = route(url, body);
    const payload = recording.chunkSize ? bodyStream(recording.body, recording.chunkSize) : recording.body;
    return new Response(payload, { status: recording.status ?? 200, headers: recording.headers ?? {} });
  };
  return { fetch, requests };
}
