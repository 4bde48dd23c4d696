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

  it("any number of requests share the shutdown signal without Node's listener-leak warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const shutdown = new AbortController();
      const requests = Array.from({ length: 50 }, () =>
        createRequestSignal({
          client: new AbortController().signal,
          shutdown: shutdown.signal,
          timeoutMs: 0,
        }),
      );
      requests[0]!.dispose();
      shutdown.abort();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === "MaxListenersExceededWarning")).toEqual([]);
      expect(requests[0]!.signal.aborted).toBe(false);
      for (const request of requests.slice(1))
        expect(request.signal.reason).toBeInstanceOf(ShuttingDownError);
    } finally {
      process.removeListener("warning", onWarning);
    }
  });
});
