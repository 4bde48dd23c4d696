/** The shared model conformance suite, run against the engine on the shared test model. */
import { describe } from "vitest";
import { describeModelConformance } from "../conformance/model-conformance.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

describe.skipIf(!requireTestModel())("engine", () => {
  describeModelConformance("engine (stories260K)", () => loadTestEngine(), {
    deterministic: true,
    maxTokens: 8,
  });
});
