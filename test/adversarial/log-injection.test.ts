/**
 * Adversarial: log injection (issue 15, finding 2). A path with encoded newlines, NUL or escape
 * sequences must stay one log line with no control byte. Oracle: the byte values of the written
 * lines (nothing below 0x20 or at 0x7f) and the count of lines.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { loggablePath } from "../../src/server/request-log.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";

describe("request log", () => {
  it("writes one line per request, with every control byte escaped", async () => {
    const lines: string[] = [];
    const app = createApp({ models: createEchoFakeModel(), log: (line) => lines.push(line) });
    const forged = "/x%0A2026-12-04T18:00:00.000Z%20POST%20/v1/completions%20200%20tokens=9999+9999";
    for (const path of [forged, "/a%00b", "/%1B[31mred", "/%E2%80%AEevil", "/caf%C3%A9", "/%ZZ"]) {
      await app.request(`http://localhost${path}`);
    }
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
      expect(line.startsWith("GET /")).toBe(true);
    }
    expect(lines[0]).toContain("/x%0A2026");
    expect(lines[0]).not.toContain(" POST ");
    expect(lines[1]).toContain("/a%00b");
    expect(lines[2]).toContain("/%1B[31mred");
  });

  it("escapes raw bytes too (a URL given without percent-encoding)", () => {
    expect(loggablePath("http://localhost/a\u0000b c")).toBe("/a%00b%20c");
    expect(loggablePath("http://localhost/é")).toBe("/%C3%A9");
    expect(loggablePath(`http://localhost/${"a".repeat(5000)}`)).toHaveLength(2048 + "...".length);
  });
});
