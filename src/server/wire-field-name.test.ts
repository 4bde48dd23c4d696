import { describe, expect, it } from "vitest";
import { wireFieldName } from "./wire-field-name.js";

describe("wireFieldName", () => {
  it("names the field as the request spelled it (the OpenAI/vLLM field names)", () => {
    expect(wireFieldName("maxTokens")).toBe("max_tokens");
    expect(wireFieldName("sampling.topK")).toBe("top_k");
    expect(wireFieldName("sampling.typicalP")).toBe("typical_p");
    expect(wireFieldName("tokens.0")).toBe("tokens[0]");
    expect(wireFieldName("windowSize")).toBe("window_size");
    expect(wireFieldName("prefixTokens.0")).toBe("prefix_tokens[0]");
    expect(wireFieldName("forcedToken")).toBe("forced_token");
    expect(wireFieldName("messages.2.content")).toBe("messages[2].content");
    expect(wireFieldName("text", { text: "input" })).toBe("input");
  });
  it("leaves wire names unchanged", () => {
    for (const name of ["messages[0].role", "top_logprobs", "prompt", "(root)", "logprobs_mode"]) {
      expect(wireFieldName(name)).toBe(name);
    }
  });
});
