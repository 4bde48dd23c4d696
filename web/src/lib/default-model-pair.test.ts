import { describe, expect, it } from "vitest";
import { defaultModelPair } from "./default-model-pair.js";

describe("defaultModelPair", () => {
  it("takes the first two served models, one model twice, or the server's default", () => {
    expect(defaultModelPair(["a.gguf", "b.gguf", "c.gguf"])).toEqual(["a.gguf", "b.gguf"]);
    expect(defaultModelPair(["a.gguf"])).toEqual(["a.gguf", "a.gguf"]);
    expect(defaultModelPair([])).toEqual([undefined, undefined]);
  });
});
