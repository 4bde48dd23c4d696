/**
 * The shared model conformance suite, run against the engine on the shared test model: once with
 * the default evaluator (the native path when its addon is built, else node-llama-cpp) and once
 * with node-llama-cpp's evaluator forced, so that both paths keep the contract.
 */
import { describe } from "vitest";
import { createLlamaEvaluator } from "../../src/engine/index.js";
import { describeModelConformance } from "../conformance/model-conformance.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

describe.skipIf(!requireTestModel())("engine", () => {
  describeModelConformance("engine (stories260K, default evaluator)", () => loadTestEngine(), {
    deterministic: true,
    maxTokens: 8,
  });
  describeModelConformance(
    "engine (stories260K, node-llama-cpp evaluator)",
    () =>
      loadTestEngine({
        evaluator: ({ model, contextSize, parallel, threads }) =>
          createLlamaEvaluator(model, {
            contextSize,
            parallel,
            ...(threads !== undefined ? { threads } : {}),
          }),
      }),
    { deterministic: true, maxTokens: 8 },
  );
});
