/**
 * POST /v1/compare and POST /v1/detect through `app.request()` on the real test model. Oracles:
 * the library functions on the same model (the route must hand back their numbers unchanged), KL 0
 * for a model against itself, and Binoculars = mean surprisal / mean entropy from `score`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareModels } from "../../src/core/compare/compare-models.js";
import type { LogprobModel } from "../../src/core/model.js";
import type { EngineModel } from "../../src/engine/index.js";
import { createApp } from "../../src/server/index.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { requireTestModel } from "../helpers/test-model.js";
import { postJson } from "./request.js";

const input = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";

describe.skipIf(!requireTestModel())("compare and detect routes", () => {
  let engine: EngineModel;
  let topKOnly: LogprobModel;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    engine = await loadTestEngine({ contextSize: 64 });
    // The same model seen through score only (as a remote API is): top-k logprobs, no full distributions.
    topKOnly = {
      id: "top-k-view",
      source: "test",
      capabilities: engine.capabilities,
      generate: engine.generate.bind(engine),
      stream: engine.stream.bind(engine),
      score: engine.score.bind(engine),
    };
    app = createApp({ models: [engine, topKOnly], log: () => {} });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it("compares a model with itself exactly (KL 0, same top 100%)", async () => {
    const response = await postJson(app, "/v1/compare", { input, window_size: 32 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      object: string;
      method: string;
      klDivergence: { mean: number; maximum: number; sameTop: number };
      tokens: { klDivergence: number }[];
    };
    expect(body.object).toBe("compare");
    expect(body.method).toBe("exact");
    expect(body.klDivergence.maximum).toBe(0);
    expect(body.klDivergence.sameTop).toBe(1);
    expect(body.tokens.length).toBeGreaterThan(10);
  });

  it("gives top-k bounds and a warning against a model without full distributions", async () => {
    const response = await postJson(app, "/v1/compare", {
      base: engine.id,
      model: "top-k-view",
      input,
      top_logprobs: 5,
      window_size: 32,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      method: string;
      warnings: { code: string }[];
      klDivergenceBounds: { meanLower: number; meanUpper: number | null };
    };
    const library = await compareModels(engine, topKOnly, input, { topK: 5, windowSize: 32 });
    expect(body.method).toBe("top-k-bounds");
    expect(body.warnings.map((warning) => warning.code)).toContain("kl-divergence-bounds");
    expect(body.klDivergenceBounds.meanLower).toBe(library.klDivergenceBounds?.meanLower);
  });

  it("returns detection scores; Binoculars of a model with itself is mean surprisal / mean entropy", async () => {
    const response = await postJson(app, "/v1/detect", { input, k: 20, window_size: 32 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      object: string;
      scores: { binoculars: number; gltr: { count: number }; minKPercentPlusPlus: number };
    };
    const scored = await engine.score({ text: input, windowSize: 32 });
    const tokens = scored.sequence.tokens.filter((token) => token.logprob !== null);
    const surprisal = -tokens.reduce((sum, token) => sum + (token.logprob as number), 0) / tokens.length;
    const entropy = tokens.reduce((sum, token) => sum + (token.entropy as number), 0) / tokens.length;
    expect(body.object).toBe("detect");
    expect(body.scores.binoculars).toBeCloseTo(surprisal / entropy, 4);
    expect(body.scores.gltr.count).toBe(tokens.length);
    expect(Number.isFinite(body.scores.minKPercentPlusPlus)).toBe(true);
  });

  it("answers 400 naming the field for bad input, 404 for an unknown model", async () => {
    const badWindowing = await postJson(app, "/v1/compare", { input, windowing: "other" });
    expect(badWindowing.status).toBe(400);
    expect(JSON.stringify(await badWindowing.json())).toMatch(/windowing/);
    const tooWide = await postJson(app, "/v1/detect", { input, window_size: 4096 });
    expect(tooWide.status).toBe(400);
    expect(JSON.stringify(await tooWide.json())).toMatch(
      /window_size must be an integer from 2 to \d+ \(the smaller context/,
    );
    const badK = await postJson(app, "/v1/detect", { input, k: 0 });
    expect(badK.status).toBe(400);
    expect((await postJson(app, "/v1/compare", { input, model: "nope" })).status).toBe(404);
  });
});
