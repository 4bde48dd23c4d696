import { describe, expect, it } from "vitest";
import { DEFAULT_FIELDS, FIELD_RULES, fieldRules, parseSettings } from "./settings.js";

describe("parseSettings", () => {
  it("parses the defaults", () => {
    expect(parseSettings(DEFAULT_FIELDS)).toEqual({
      ok: true,
      settings: {
        maxTokens: 32,
        temperature: 0,
        topK: 0,
        topP: 1,
        minP: 0,
        seed: undefined,
        topLogprobs: 5,
        logprobsMode: "raw",
      },
    });
  });

  it("names each bad field and its allowed range", () => {
    const parsed = parseSettings({
      ...DEFAULT_FIELDS,
      maxTokens: "0",
      topP: "1.5",
      seed: "1.5",
      topLogprobs: "",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.maxTokens).toBe("Max tokens is 0; it must be an integer from 1 to 4096");
    expect(parsed.errors.topP).toBe("Top-p is 1.5; it must be a number above 0 up to 1");
    expect(parsed.errors.seed).toBe("Seed must be an integer from 0 to 4294967295");
    expect(parsed.errors.topLogprobs).toBe("Alternatives must be an integer from 0 to 20");
    expect(parsed.errors.temperature).toBeUndefined();
  });

  it("follows the server's ranges: top-p above 0, temperature up to 2", () => {
    const parsed = parseSettings({ ...DEFAULT_FIELDS, topP: "0", temperature: "2.5" });
    expect(parsed.ok ? {} : parsed.errors).toEqual({
      topP: "Top-p is 0; it must be a number above 0 up to 1",
      temperature: "Temperature is 2.5; it must be a number from 0 to 2",
    });
    expect(parseSettings({ ...DEFAULT_FIELDS, topP: "0.01", temperature: "2" }).ok).toBe(true);
  });

  it("keeps a given seed", () => {
    const parsed = parseSettings({ ...DEFAULT_FIELDS, seed: "42", temperature: "0.7" });
    expect(parsed.ok && parsed.settings.seed).toBe(42);
    expect(parsed.ok && parsed.settings.temperature).toBe(0.7);
  });

  it("caps the alternatives at what the served model returns", () => {
    expect(fieldRules(undefined)).toBe(FIELD_RULES);
    expect(fieldRules(50)).toBe(FIELD_RULES);
    const rules = fieldRules(3);
    expect(rules.topLogprobs.max).toBe(3);
    const parsed = parseSettings({ ...DEFAULT_FIELDS, topLogprobs: "4" }, rules);
    expect(parsed.ok ? {} : parsed.errors).toEqual({
      topLogprobs: "Alternatives is 4; it must be an integer from 0 to 3",
    });
  });
});
