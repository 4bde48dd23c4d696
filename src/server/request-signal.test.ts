import { describe, expect, it } from "vitest";
import { createRequestSignal } from "./request-signal.js";
import { ClientClosedError, RequestTimeoutError, ShuttingDownError } from "./server-errors.js";

describe("createRequestSignal", () => {
  it("aborts with the typed reason of whichever source fires first", async () => {
    const client = new AbortController();
    const fromClient = createRequestSignal({ client: client.signal, timeoutMs: 0 });
    client.abort();
    expect(fromClient.signal.reason).toBeInstanceOf(ClientClosedError);

    const shutdown = new AbortController();
    const fromShutdown = createRequestSignal({ shutdown: shutdown.signal, timeoutMs: 0 });
    shutdown.abort();
    expect(fromShutdown.signal.reason).toBeInstanceOf(ShuttingDownError);

    const timed = createRequestSignal({ timeoutMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(timed.signal.reason).toBeInstanceOf(RequestTimeoutError);
    expect((timed.signal.reason as RequestTimeoutError).timeoutMs).toBe(10);
  });

  it("after dispose, sources no longer abort it", () => {
    const client = new AbortController();
    const request = createRequestSignal({ client: client.signal, timeoutMs: 5 });
    request.dispose();
    client.abort();
    expect(request.signal.aborted).toBe(false);
  });
});
