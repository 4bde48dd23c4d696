/**
 * Structured output on the shared test model: `responseFormat` constrains decoding with
 * node-llama-cpp's grammars. Oracles: JSON itself (the text must parse and match the schema,
 * checked here by hand, and a JSON value that is an object starts with "{", RFC 8259 section 4)
 * and the definition of the constrained distribution (at temperature 1 without truncation, the
 * processed logprob of a token is its raw logprob minus the log of the probability mass the
 * grammar allows, so it is never below the raw one).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { createLlamaEvaluator } from "../../src/engine/llama-evaluator.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

const schema = {
  type: "object",
  properties: { answer: { enum: ["yes", "no"] }, sure: { type: "boolean" } },
  required: ["answer", "sure"],
};

describe.skipIf(!requireTestModel())("structured output (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model.close();
  });

  it("json_schema: greedy output parses and matches the schema; the provenance says how", async () => {
    const free = await model.generate({ prompt: "Once upon a time", maxTokens: 30 });
    expect(() => JSON.parse(free.text)).toThrow();
    const result = await model.generate({
      prompt: "Once upon a time",
      maxTokens: 60,
      responseFormat: { type: "json_schema", schema },
    });
    expect(result.finishReason).toBe("stop");
    const value = JSON.parse(result.text) as { answer: unknown; sure: unknown };
    expect(Object.keys(value).sort()).toEqual(["answer", "sure"]);
    expect(["yes", "no"]).toContain(value.answer);
    expect(typeof value.sure).toBe("boolean");
    expect(result.sequence.provenance.distribution).toBe("raw");
    // The chosen token is checked first and the distribution masked only on rejection; processed
    // mode also masks every step to report the distribution after the grammar: the choice is the same.
    const masked = await model.generate({
      prompt: "Once upon a time",
      maxTokens: 60,
      logprobsMode: "processed",
      responseFormat: { type: "json_schema", schema },
    });
    expect(masked.sequence.tokens.map((token) => token.id)).toEqual(
      result.sequence.tokens.map((token) => token.id),
    );
    expect(result.sequence.provenance.constraint).toEqual({
      format: "json_schema",
      appliedBy: expect.stringMatching(
        /^GBNF from node-llama-cpp's JSON Schema converter, llama.cpp's grammar sampler in the native evaluator: each chosen token checked first, the distribution masked only on rejection$/,
      ),
    });
  });

  it("json_object: raw logprobs stay the model's, processed ones are renormalised over the allowed tokens", async () => {
    const request = {
      prompt: "Once upon a time",
      maxTokens: 12,
      topLogprobs: 5,
      sampling: { temperature: 1, seed: 7 },
      responseFormat: { type: "json_object" as const },
    };
    const raw = await model.generate({ ...request, logprobsMode: "raw" });
    const processed = await model.generate({ ...request, logprobsMode: "processed" });
    expect(processed.sequence.provenance.distribution).toBe("processed");
    const ids = raw.sequence.tokens.map((token) => token.id);
    expect(processed.sequence.tokens.map((token) => token.id)).toEqual(ids);
    expect(raw.text.trimStart().startsWith("{")).toBe(true);
    // Raw: the unconstrained distribution, whose top token after "Once upon a time" is "," (models README).
    expect(raw.sequence.tokens[0]!.top[0]!.token).toBe(",");
    // Processed: at the first position only "{" (or JSON whitespace before it) may come.
    const first = processed.sequence.tokens[0]!;
    for (const alternative of first.top) expect(alternative.token).toMatch(/^[\s]*\{?$/);
    const mass = first.top.reduce((sum, alternative) => sum + Math.exp(alternative.logprob), 0);
    expect(mass).toBeLessThanOrEqual(1 + 1e-9);
    processed.sequence.tokens.forEach((token, index) => {
      expect(token.logprob!).toBeGreaterThanOrEqual(raw.sequence.tokens[index]!.logprob! - 1e-9);
    });
    // The first token is far more likely under the grammar than under the free model.
    expect(first.logprob! - raw.sequence.tokens[0]!.logprob!).toBeGreaterThan(1);
  });

  it("the node-llama-cpp evaluator gives the same constrained tokens as the default (native) one", async () => {
    const other = await loadTestEngine({
      evaluator: ({ model: loaded, contextSize, parallel, threads }) =>
        createLlamaEvaluator(loaded, {
          contextSize,
          parallel,
          ...(threads !== undefined ? { threads } : {}),
        }),
    });
    try {
      const request = {
        prompt: "Once upon a time",
        maxTokens: 60,
        responseFormat: { type: "json_schema" as const, schema },
      };
      const [a, b] = [await model.generate(request), await other.generate(request)];
      expect(b.text).toBe(a.text);
      expect(b.sequence.tokens.map((token) => token.id)).toEqual(a.sequence.tokens.map((token) => token.id));
      expect(b.sequence.provenance.constraint?.appliedBy).toContain("node-llama-cpp evaluator");
    } finally {
      await other.close();
    }
  });

  it("names the keyword and path of a schema the grammar cannot enforce", async () => {
    await expect(
      model.generate({
        prompt: "x",
        maxTokens: 2,
        responseFormat: { type: "json_schema", schema: { oneOf: 3 } },
      }),
    ).rejects.toMatchObject({
      field: "responseFormat.schema.oneOf",
      message: expect.stringContaining('"oneOf" at #'),
    });
    await expect(
      model.generate({
        prompt: "x",
        maxTokens: 2,
        responseFormat: {
          type: "json_schema",
          schema: { type: "object", properties: { n: { type: "integer", minimum: 10 } } },
        },
      }),
    ).rejects.toMatchObject({
      field: "responseFormat.schema.properties.n.minimum",
      message: expect.stringContaining('"minimum" at #/properties/n'),
    });
  });
});
