import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bearerAuth, constantTimeEqual } from "./auth.js";
import { AuthenticationError } from "./server-errors.js";

describe("constantTimeEqual", () => {
  it("is true only for equal strings", () => {
    expect(constantTimeEqual("key", "key")).toBe(true);
    expect(constantTimeEqual("key", "kez")).toBe(false);
    expect(constantTimeEqual("key", "key2")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("ключ", "ключ")).toBe(true);
  });
});

describe("bearerAuth", () => {
  const app = new Hono();
  app.use(bearerAuth("s3cret"));
  app.get("/", (c) => c.text("ok"));
  app.onError((error, c) => c.text(error instanceof AuthenticationError ? "denied" : "other", 401));

  it("accepts the right bearer key (scheme case-insensitive) and denies others", async () => {
    expect(await (await app.request("/", { headers: { authorization: "Bearer s3cret" } })).text()).toBe("ok");
    expect(await (await app.request("/", { headers: { authorization: "bearer s3cret" } })).text()).toBe("ok");
    expect(await (await app.request("/", { headers: { authorization: "Bearer nope" } })).text()).toBe(
      "denied",
    );
    expect(await (await app.request("/", { headers: { authorization: "Basic s3cret" } })).text()).toBe(
      "denied",
    );
    expect(await (await app.request("/")).text()).toBe("denied");
  });
});
