import { describe, expect, it } from "vitest";
import { captureIo } from "../../../test/cli/helpers/capture-io.js";
import { createFakeModel } from "../../../test/helpers/fake-model.js";
import { InvalidInputError, UnsupportedError } from "../../core/errors.js";
import type { BeamSearchRequest, LogprobModel } from "../../core/model.js";
import { beamRequest, parseBeamCommandOptions, runBeam } from "./beam.js";

/**
 * The fake model with a beam search that returns its greedy continuation as the only beam, and
 * records the request: enough to check the command's request and rendering (the real beam search
 * is checked end to end against greedy decoding in test/cli/cli-engine.test.ts).
 */
function beamDouble(): { model: LogprobModel; requests: BeamSearchRequest[] } {
  const fake = createFakeModel();
  const requests: BeamSearchRequest[] = [];
  const model: LogprobModel = {
    ...fake,
    capabilities: { ...fake.capabilities, beamSearch: true },
    async beamSearch(request) {
      requests.push(request);
      const { prompt, maxTokens, topLogprobs } = request;
      const result = await fake.generate({
        ...(prompt !== undefined ? { prompt } : {}),
        maxTokens,
        ...(topLogprobs !== undefined ? { topLogprobs } : {}),
      });
      const cumulative = result.sequence.tokens.reduce((sum, token) => sum + token.logprob!, 0);
      return {
        beams: [
          {
            text: result.text,
            sequence: result.sequence,
            cumulativeLogprob: cumulative,
            score: cumulative / 3,
            finishReason: "stop",
          },
        ],
        model: fake.id,
        warnings: [],
      };
    },
  };
  return { model, requests };
}

describe("beam", () => {
  it("builds the request from the flags", () => {
    const options = parseBeamCommandOptions({
      width: "3",
      maxTokens: "5",
      lengthPenalty: "0.5",
      stop: ["\\n"],
    });
    expect(beamRequest("Once", options)).toEqual({
      prompt: "Once",
      width: 3,
      maxTokens: 5,
      lengthPenalty: 0.5,
      stop: ["\n"],
    });
    expect(beamRequest("Hi", parseBeamCommandOptions({ chat: true }))).toEqual({
      messages: [{ role: "user", content: "Hi" }],
      width: 4,
      maxTokens: 32,
      stop: [],
    });
  });

  it("names --width when out of range", () => {
    expect(() => parseBeamCommandOptions({ width: "65" })).toThrow(InvalidInputError);
    expect(() => parseBeamCommandOptions({ width: "0" })).toThrow(
      'must be an integer from 1 to 64 (got "0")',
    );
  });

  it("prints each beam's score, cumulative logprob and text; --json gives the same numbers", async () => {
    const { model, requests } = beamDouble();
    const text = captureIo();
    await runBeam(model, " mat", parseBeamCommandOptions({ width: "2" }), text.io);
    expect(requests[0]).toMatchObject({ prompt: " mat", width: 2, topLogprobs: 2 });
    // Hand sum of the fake logprobs of " fast cat ran": -1.28618 - 0.21342 - 1.40544 = -2.90504.
    expect(text.stdout()).toBe(
      "beam 1 of 1  score -0.9683  cumulative logprob -2.9050 nats  3 tokens  finish: stop\n fast cat ran\n",
    );
    const json = captureIo();
    await runBeam(model, " mat", parseBeamCommandOptions({ width: "2", json: true }), json.io);
    const document = JSON.parse(json.stdout());
    expect(document).toMatchObject({ model: "fake-bigram", width: 2 });
    expect(document.beams[0]).toMatchObject({ rank: 1, text: " fast cat ran", finishReason: "stop" });
    expect(document.beams[0].cumulativeLogprob).toBeCloseTo(-2.90504, 4);
    expect(document.beams[0].summary.jointLogprob).toBeCloseTo(document.beams[0].cumulativeLogprob, 12);
  });

  it("throws UnsupportedError for a backend without beam search", async () => {
    await expect(
      runBeam(createFakeModel(), "x", parseBeamCommandOptions({}), captureIo().io),
    ).rejects.toThrow(UnsupportedError);
  });
});
