import { describe, expect, it } from "vitest";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry-delay.js";

describe("parseRetryAfter", () => {
  it("reads delta-seconds, HTTP dates (RFC 9110 10.2.3) and retry-after-ms", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "120" }))).toBe(120_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "1.5" }))).toBe(1500);
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    // Oracle: the RFC's own example date, 30 s after `now`.
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT" }), now)).toBe(
      30_000,
    );
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:27:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "20" }))).toBe(20);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("doubles from the initial delay, capped, with jitter in [0.5, 1]", () => {
    expect(backoffDelay(0, { initialDelayMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelay(3, { initialDelayMs: 100, random: () => 1 })).toBe(800);
    expect(backoffDelay(20, { initialDelayMs: 100, maxDelayMs: 1000, random: () => 1 })).toBe(1000);
  });
});

describe("isRetryableStatus", () => {
  it("retries 408, 409, 429 and 5xx only", () => {
    expect([408, 409, 429, 500, 503, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });
});
