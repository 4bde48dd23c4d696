import { describe, expect, it } from "vitest";
import { ContextOverflowError, InvalidInputError } from "../../core/errors.js";
import { toHttpError } from "../openai-error.js";
import { QueueFullError } from "../server-errors.js";
import { llamaCppErrorBody } from "./llamacpp-error.js";

function body(error: unknown) {
  const translated = toHttpError(error, "prompt");
  return llamaCppErrorBody(translated.status, translated.body);
}

describe("llamaCppErrorBody: format_error_response's types (tools/server/server-common.cpp)", () => {
  it("maps the status and keeps the message", () => {
    expect(body(new InvalidInputError("n_probs", "must be an integer"))).toEqual({
      error: { code: 400, message: "Invalid 'n_probs': must be an integer", type: "invalid_request_error" },
    });
    expect(body(new QueueFullError(2, 16)).error).toMatchObject({ code: 429, type: "invalid_request_error" });
  });

  it("a context overflow is exceed_context_size_error with code 400", () => {
    expect(body(new ContextOverflowError(300, 64, "too long")).error).toEqual({
      code: 400,
      message: "too long",
      type: "exceed_context_size_error",
    });
  });
});
