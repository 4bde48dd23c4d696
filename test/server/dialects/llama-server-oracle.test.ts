/**
 * llama-server itself as the oracle of the llama.cpp dialect: the same requests, on the same model
 * (stories260K, greedy), sent to the real llama-server (recorded by
 * bench/record-llama-server-answers.ts from the peer that bench/build-peers.ts builds out of
 * node-llama-cpp's llama.cpp bundle, in __fixtures__/llama-server-answers.json) and to logprobe.
 * Every key llama-server answers with is in logprobe's answer, with the same JSON type (logprobe
 * may add keys: `timings.total_ms`); the tokens are the same and their logprobs and probabilities
 * agree within 1e-4 (measured: 2.7e-6; two builds of the same kernels sum in another order).
 * Documented differences: `generation_settings` holds only the settings logprobe has (upstream
 * lists every sampler of llama.cpp), and a streamed chunk has no `tokens_evaluated` (the prompt's
 * token count is known only when the generation ends).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../../src/engine/index.js";
import { createApp } from "../../../src/server/index.js";
import { loadTestEngine } from "../../engine/load-test-engine.js";
import { requireTestModel } from "../../helpers/test-model.js";
import { postJson, sseData } from "../request.js";

const TOLERANCE = 1e-4;
const recorded = JSON.parse(
  readFileSync(join(import.meta.dirname, "__fixtures__", "llama-server-answers.json"), "utf8"),
) as { answers: { path: string; body: Record<string, unknown>; answer: unknown }[] };

/** Keys of llama-server's answers that logprobe leaves out on purpose (see the header). */
function leftOut(path: string, streamedChunk: boolean): boolean {
  return path.startsWith(".generation_settings.") || (streamedChunk && path === ".tokens_evaluated");
}

/** Every key path of a JSON value with its JSON type (arrays: their first element). */
function shape(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    out.set(path || ".", "array");
    if (value.length > 0) shape(value[0], `${path}[]`, out);
  } else if (value !== null && typeof value === "object") {
    out.set(path || ".", "object");
    for (const [key, inner] of Object.entries(value)) shape(inner, `${path}.${key}`, out);
  } else {
    out.set(path, value === null ? "null" : typeof value);
  }
  return out;
}

function expectSameShape(ours: unknown, upstream: unknown, streamedChunk: boolean, label: string): void {
  const mine = shape(ours);
  for (const [path, type] of shape(upstream)) {
    if (leftOut(path, streamedChunk)) continue;
    expect(mine.get(path), `${label}: ${path}`).toBe(type);
  }
}

interface Entry {
  id: number;
  token: string;
  logprob?: number;
  prob?: number;
  top_logprobs?: Entry[];
  top_probs?: Entry[];
}

function expectSameProbabilities(ours: Entry[], upstream: Entry[], label: string): void {
  expect(
    ours.map((entry) => entry.id),
    label,
  ).toEqual(upstream.map((entry) => entry.id));
  ours.forEach((entry, index) => {
    const expected = upstream[index] as Entry;
    expect(entry.token).toBe(expected.token);
    const value = entry.logprob ?? entry.prob ?? Number.NaN;
    expect(Math.abs(value - (expected.logprob ?? expected.prob ?? Number.NaN)), label).toBeLessThanOrEqual(
      TOLERANCE,
    );
    const tops = entry.top_logprobs ?? entry.top_probs ?? [];
    const expectedTops = expected.top_logprobs ?? expected.top_probs ?? [];
    expect(
      tops.map((top) => top.id),
      label,
    ).toEqual(expectedTops.map((top) => top.id));
    tops.forEach((top, rank) => {
      const want = expectedTops[rank] as Entry;
      const gap = Math.abs(
        (top.logprob ?? top.prob ?? Number.NaN) - (want.logprob ?? want.prob ?? Number.NaN),
      );
      expect(gap, label).toBeLessThanOrEqual(TOLERANCE);
    });
  });
}

describe.skipIf(!requireTestModel())("the llama.cpp dialect against llama-server's own answers", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  }, 60_000);
  afterAll(async () => {
    await model?.close();
  });

  for (const { path, body, answer } of recorded.answers) {
    const label = `${path} ${JSON.stringify(body)}`;
    it(label, async () => {
      const app = createApp({ models: model, log: () => {} });
      const response = await postJson(app, path, body);
      expect(response.status).toBe(200);
      if (body.stream === true) {
        const chunks = sseData(await response.text()) as Record<string, unknown>[];
        const upstream = answer as Record<string, unknown>[];
        expect(chunks).toHaveLength(upstream.length);
        chunks.forEach((chunk, index) => {
          const expected = upstream[index] as Record<string, unknown>;
          expectSameShape(chunk, expected, expected.stop !== true, `${label} chunk ${index}`);
          expect(chunk.content).toBe(expected.content);
          if (
            Array.isArray(expected.completion_probabilities) &&
            expected.completion_probabilities.length > 0
          )
            expectSameProbabilities(
              chunk.completion_probabilities as Entry[],
              expected.completion_probabilities as Entry[],
              label,
            );
        });
        return;
      }
      const ours = (await response.json()) as Record<string, unknown>;
      expectSameShape(ours, answer, false, label);
      const expected = answer as Record<string, unknown>;
      if (path === "/completion") {
        expect(ours.content).toBe(expected.content);
        expect(ours.stop_type).toBe(expected.stop_type);
        expectSameProbabilities(
          ours.completion_probabilities as Entry[],
          expected.completion_probabilities as Entry[],
          label,
        );
      } else {
        expect(ours).toMatchObject(expected);
      }
    });
  }
});
