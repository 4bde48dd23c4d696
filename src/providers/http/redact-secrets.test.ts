import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets, redactUrl } from "./redact-secrets.js";

describe("redactSecrets", () => {
  it("removes named secrets and key-shaped strings", () => {
    expect(redactSecrets("key=abcd1234 and abcd1234", ["abcd1234"])).toBe(`key=${REDACTED} and ${REDACTED}`);
    expect(redactSecrets("Authorization: Bearer tok_abcdefghijkl", [])).toBe(`Authorization: ${REDACTED}`);
    expect(redactSecrets("used sk-proj-AAAAbbbbCCCC", [])).toBe(`used ${REDACTED}`);
    expect(redactSecrets("AIzaSyA1234567890abcdefghijkl", [])).toBe(REDACTED);
  });
  it("leaves text alone when nothing matches and ignores tiny secrets", () => {
    expect(redactSecrets("hello world", ["abc", undefined])).toBe("hello world");
  });
});

describe("redactUrl", () => {
  it("redacts key query parameters and user info", () => {
    const shown = redactUrl("https://user:pw@host.example/v1?key=SECRETVALUE&alt=sse", []);
    expect(shown).not.toContain("SECRETVALUE");
    expect(shown).not.toContain("pw@");
    expect(shown).toContain("alt=sse");
  });
});
