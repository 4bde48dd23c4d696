import { describe, expect, it } from "vitest";
import { UnsupportedError } from "../../core/errors.js";
import { validateGenerateRequest } from "./validate-generate-request.js";

describe("validateGenerateRequest", () => {
  it("refuses responseFormat instead of ignoring it (remote providers do not constrain decoding)", () => {
    expect(() => validateGenerateRequest({ prompt: "x", responseFormat: { type: "json_object" } })).toThrow(
      UnsupportedError,
    );
    expect(() =>
      validateGenerateRequest({ prompt: "x", responseFormat: { type: "json_schema", schema: {} } }),
    ).toThrowError(expect.objectContaining({ feature: "responseFormat" }));
    expect(() => validateGenerateRequest({ prompt: "x" })).not.toThrow();
  });
});
