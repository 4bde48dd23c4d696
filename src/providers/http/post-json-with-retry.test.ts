import { describe, expect, it } from "vitest";
import { ApiCallError, CancelledError } from "../../core/errors.js";
import { type FetchFunction, postJsonWithRetry, postWithRetry } from "./post-json-with-retry.js";

const KEY = "sk-test-0123456789abcdef";

/** A fetch double that answers from a queue and records each call. */
function queuedFetch(answers: (() => Response | Promise<Response>)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchFunction = async (url, init) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error("no more answers");
    return answer();
  };
  return { fetch, calls };
}

const json =
  (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(value), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("postJsonWithRetry", () => {
  it("posts the JSON body with the headers and returns the parsed answer", async () => {
    const { fetch, calls } = queuedFetch([json({ ok: 1 })]);
    const value = await postJsonWithRetry(
      { url: "https://api.example/v1/x", headers: { authorization: `Bearer ${KEY}` }, body: { a: [1, 2] } },
      { fetch },
    );
    expect(value).toEqual({ ok: 1 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init.method).toBe("POST");
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ a: [1, 2] });
    const sentHeaders = (calls[0]?.init.headers ?? {}) as Record<string, string>;
    expect(sentHeaders["content-type"]).toBe("application/json");
  });

  it("retries 429 honouring Retry-After seconds, then 503 with backoff, then succeeds", async () => {
    const { fetch, calls } = queuedFetch([
      json({ error: { message: "slow down" } }, 429, { "retry-after": "3" }),
      json({ error: "busy" }, 503),
      json({ ok: 2 }),
    ]);
    const { waits, sleep } = recordingSleep();
    const value = await postJsonWithRetry(
      { url: "https://api.example/v1/x", body: {} },
      { fetch, sleep, backoff: { initialDelayMs: 100, random: () => 1 } },
    );
    expect(value).toEqual({ ok: 2 });
    expect(calls).toHaveLength(3);
    // Oracle: Retry-After "3" = 3000 ms; second wait = initial * 2^1 * (0.5 + 0.5 * 1) = 200 ms.
    expect(waits).toEqual([3000, 200]);
  });

  it("honours retry-after-ms over Retry-After", async () => {
    const { fetch } = queuedFetch([
      json({}, 429, { "retry-after-ms": "250", "retry-after": "9" }),
      json({ ok: 3 }),
    ]);
    const { waits, sleep } = recordingSleep();
    await postJsonWithRetry({ url: "https://api.example/x", body: {} }, { fetch, sleep });
    expect(waits).toEqual([250]);
  });

  it("gives up after maxRetries with an ApiCallError carrying url, status, body excerpt, retryable", async () => {
    const { fetch, calls } = queuedFetch([
      json({ error: "a" }, 500),
      json({ error: "b" }, 502),
      json({ error: "c" }, 500),
    ]);
    const { sleep } = recordingSleep();
    const error = await postJsonWithRetry(
      { url: "https://api.example/x", body: {} },
      { fetch, sleep, maxRetries: 2 },
    ).catch((caught: unknown) => caught);
    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(ApiCallError);
    const apiError = error as ApiCallError;
    expect(apiError.status).toBe(500);
    expect(apiError.url).toBe("https://api.example/x");
    expect(apiError.bodyExcerpt).toBe('{"error":"c"}');
    expect(apiError.isRetryable).toBe(true);
    expect(apiError.message).toContain("after 3 attempts");
  });

  it("does not retry 400 or 401", async () => {
    for (const status of [400, 401]) {
      const { fetch, calls } = queuedFetch([json({ error: { message: "bad" } }, status), json({ ok: 1 })]);
      const error = (await postJsonWithRetry({ url: "https://a.example/x", body: {} }, { fetch }).catch(
        (caught: unknown) => caught,
      )) as ApiCallError;
      expect(calls).toHaveLength(1);
      expect(error.status).toBe(status);
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain("bad");
    }
  });

  it("retries network errors", async () => {
    const { fetch, calls } = queuedFetch([
      () => {
        throw new TypeError("fetch failed");
      },
      json({ ok: 4 }),
    ]);
    const { sleep } = recordingSleep();
    expect(await postJsonWithRetry({ url: "https://a.example/x", body: {} }, { fetch, sleep })).toEqual({
      ok: 4,
    });
    expect(calls).toHaveLength(2);
  });

  it("times out a hanging attempt and reports it as retryable", async () => {
    const fetch: FetchFunction = (_url, init) =>
      new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    const error = (await postJsonWithRetry(
      { url: "https://a.example/x", body: {} },
      { fetch, timeoutMs: 20, maxRetries: 0 },
    ).catch((caught: unknown) => caught)) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.message).toContain("timed out after 20 ms");
    expect(error.isRetryable).toBe(true);
  });

  it("fails at once when Retry-After is longer than allowed", async () => {
    const { fetch, calls } = queuedFetch([json({}, 429, { "retry-after": "3600" })]);
    const error = (await postJsonWithRetry(
      { url: "https://a.example/x", body: {} },
      { fetch, maxRetryAfterMs: 1000 },
    ).catch((caught: unknown) => caught)) as ApiCallError;
    expect(calls).toHaveLength(1);
    expect(error.message).toContain("wait 3600 s");
  });

  it("never puts the key into the error, even when the server echoes it", async () => {
    const { fetch } = queuedFetch([json({ error: { message: `Incorrect API key provided: ${KEY}` } }, 401)]);
    const error = (await postJsonWithRetry(
      { url: `https://a.example/x?key=${KEY}`, headers: { authorization: `Bearer ${KEY}` }, body: {} },
      { fetch, secrets: [KEY] },
    ).catch((caught: unknown) => caught)) as ApiCallError;
    const everything = `${error.message} ${error.url} ${error.bodyExcerpt} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain("0123456789abcdef");
    expect(error.message).toContain("[redacted]");
  });

  it("reports a 200 whose body is not JSON, without retrying", async () => {
    const { fetch, calls } = queuedFetch([() => new Response("<html>oops</html>", { status: 200 })]);
    const error = (await postJsonWithRetry({ url: "https://a.example/x", body: {} }, { fetch }).catch(
      (caught: unknown) => caught,
    )) as ApiCallError;
    expect(calls).toHaveLength(1);
    expect(error.bodyExcerpt).toBe("<html>oops</html>");
    expect(error.isRetryable).toBe(false);
  });

  it("turns an abort into CancelledError, also during a wait", async () => {
    const controller = new AbortController();
    const { fetch } = queuedFetch([json({}, 503), json({ ok: 1 })]);
    const promise = postJsonWithRetry(
      { url: "https://a.example/x", body: {}, signal: controller.signal },
      { fetch, backoff: { initialDelayMs: 10_000 } },
    );
    setTimeout(() => controller.abort(), 10);
    await expect(promise).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("postWithRetry", () => {
  it("returns the response with its body unread", async () => {
    const { fetch } = queuedFetch([() => new Response("data: 1\n\n", { status: 200 })]);
    const response = await postWithRetry({ url: "https://a.example/x", body: {} }, { fetch });
    expect(await response.text()).toBe("data: 1\n\n");
  });
});
