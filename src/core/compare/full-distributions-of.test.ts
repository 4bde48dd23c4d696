import { describe, expect, it } from "vitest";
import { createFakeModel } from "../../../test/helpers/fake-model.js";
import type { LogprobModel } from "../model.js";
import type { FullDistributionSource } from "./full-distributions.js";
import { fullDistributionsOf } from "./full-distributions-of.js";

const source = { id: "fake" } as FullDistributionSource;

describe("fullDistributionsOf", () => {
  it("reads the source only of a model that declares capabilities.fullDistributions", () => {
    const model = createFakeModel();
    expect(model.capabilities.fullDistributions).toBe(false);
    const declared: LogprobModel = {
      ...model,
      capabilities: { ...model.capabilities, fullDistributions: true },
      fullDistributions: source,
    };
    expect(fullDistributionsOf(declared)).toBe(source);
    // A member without the declared capability is not used (no duck typing).
    expect(fullDistributionsOf({ ...model, fullDistributions: source })).toBeUndefined();
    expect(fullDistributionsOf(model)).toBeUndefined();
  });
});
