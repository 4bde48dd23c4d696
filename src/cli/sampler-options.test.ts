import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs } from "../../test/helpers/fake-model.js";
import type { CommandIo } from "./command-io.js";
import { parseGenerateCommandOptions, runGenerate } from "./commands/generate.js";
import { parseSamplerOptions, withSampler } from "./sampler-options.js";

function bufferIo(): CommandIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    out: () => out,
    err: () => err,
  };
}

describe("custom-sampler flags", () => {
  it("leave the request alone without a sampler flag, and keep only the seed with one", () => {
    const request = { prompt: "x", sampling: { temperature: 0.7, topK: 5, seed: 9 } };
    expect(withSampler(request, parseSamplerOptions({}))).toBe(request);
    const gated = withSampler(request, parseSamplerOptions({ confidenceGate: "0.4" }));
    expect(gated.sampling).toEqual({ seed: 9 });
    expect(typeof gated.sampler).toBe("function");
    expect(() =>
      withSampler(
        { prompt: "x", sampling: { repeatPenalty: 1.2 } },
        parseSamplerOptions({ entropyAdaptive: true }),
      ),
    ).toThrow(/--confidence-gate or --entropy-adaptive/);
    expect(() => parseSamplerOptions({ confidenceGate: "1.5" })).toThrow(/from 0 to 1/);
  });

  it("generate --confidence-gate returns the tokens before the first one under the gate (fake bigram table)", async () => {
    // greedy after " on" (id 5): "." p = exp(fakeLogprobs(5)[7]) ~0.81, then " the" ~0.29: a 0.5 gate keeps "."
    const pDot = Math.exp(fakeLogprobs(5)[7] as number);
    const pThe = Math.exp(fakeLogprobs(7)[2] as number);
    expect(pDot).toBeGreaterThan(0.5);
    expect(pThe).toBeLessThan(0.5);
    const io = bufferIo();
    const options = parseGenerateCommandOptions({ json: true, confidenceGate: "0.5", maxTokens: "8" });
    const result = await runGenerate(createFakeModel(), " on", options, io);
    expect(result.text).toBe(".");
    expect(result.finishReason).toBe("stop");
    expect(io.err()).toMatch(
      /sampler: token #2 " the" has probability 0\.29\d+, below the confidence gate 0\.5/,
    );
  });
});
