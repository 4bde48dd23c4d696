import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../core/errors.js";
import { resolveApiKey } from "./resolve-api-key.js";

describe("resolveApiKey", () => {
  it("prefers the explicit key, then the environment in order", () => {
    expect(resolveApiKey("gemini", "flag", { environment: { GEMINI_API_KEY: "env" } })).toBe("flag");
    expect(
      resolveApiKey("gemini", undefined, { environment: { GOOGLE_API_KEY: "g", GEMINI_API_KEY: "m" } }),
    ).toBe("m");
    expect(resolveApiKey("gemini", undefined, { environment: { GOOGLE_API_KEY: "g" } })).toBe("g");
    expect(resolveApiKey("openai", undefined, { environment: { OPENAI_API_KEY: "o" } })).toBe("o");
  });
  it("never sends OPENAI_API_KEY to an openai-compatible server", () => {
    expect(
      resolveApiKey("openai-compatible", undefined, { environment: { OPENAI_API_KEY: "o" } }),
    ).toBeUndefined();
  });
  it("never sends the serving key LOGPROBE_API_KEY to any provider's --base-url", () => {
    const environment = { LOGPROBE_API_KEY: "serving-key" };
    for (const provider of ["openai", "openai-compatible", "llama-server", "ollama", "gemini"] as const) {
      expect(resolveApiKey(provider, undefined, { environment }), provider).toBeUndefined();
    }
    expect(
      resolveApiKey("openai-compatible", undefined, {
        environment: { ...environment, OPENAI_COMPATIBLE_API_KEY: "client-key" },
      }),
    ).toBe("client-key");
    expect(
      resolveApiKey("llama-server", undefined, { environment: { ...environment, LLAMA_API_KEY: "l" } }),
    ).toBe("l");
  });
  it("throws a field-named error when a required key is missing", () => {
    const call = () => resolveApiKey("openai", undefined, { required: true, environment: {} });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(/OPENAI_API_KEY/);
    expect(() =>
      resolveApiKey("gemini", "", { required: true, environment: { GEMINI_API_KEY: "k" } }),
    ).toThrow(InvalidInputError);
    expect(resolveApiKey("ollama", "", { environment: { OLLAMA_API_KEY: "k" } })).toBeUndefined();
  });
});
