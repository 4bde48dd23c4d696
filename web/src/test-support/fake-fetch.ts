/**
 * A fetch stand-in for component tests: routes by path to handlers that return JSON or
 * Server-Sent Events, and records each request body.
 */
import type { GenerateEvent, GenerateResult, TokenLogprob } from "../../../src/core/index.js";

/** One recorded request. */
export interface RecordedRequest {
  path: string;
  body: unknown;
}

/** A handler's answer. */
export type FakeAnswer = { json: unknown; status?: number } | { events: unknown[] };

/** Builds the SSE answer of a generation: one token event per token, then done. */
export function generationEvents(tokens: TokenLogprob[], model = "fake-model"): GenerateEvent[] {
  const result: GenerateResult = {
    text: tokens.map((token) => token.token).join(""),
    sequence: { tokens, provenance: { source: "engine", model, distribution: "raw" } },
    finishReason: "length",
    usage: { promptTokens: 2, completionTokens: tokens.length },
    warnings: [],
    model,
  };
  return [
    ...tokens.map((token, index) => ({ type: "token" as const, index, token })),
    { type: "done", result },
  ];
}

/** A fetch that answers from `routes` and records requests in `requests`. */
export function fakeFetch(routes: Record<string, (body: unknown) => FakeAnswer>) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = String(input);
    let body: unknown;
    if (typeof init?.body === "string") {
      try {
        body = JSON.parse(init.body);
      } catch {
        body = init.body;
      }
    }
    requests.push({ path, body });
    const route = routes[path];
    if (!route)
      return new Response(JSON.stringify({ error: { message: `no route ${path}` } }), { status: 404 });
    const answer = route(body);
    if ("json" in answer) return new Response(JSON.stringify(answer.json), { status: answer.status ?? 200 });
    const text = answer.events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("");
    return new Response(new TextEncoder().encode(text), { headers: { "content-type": "text/event-stream" } });
  };
  return { fetch, requests };
}
