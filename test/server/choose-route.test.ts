/**
 * `POST /v1/choose` through `app.request()` on the fake bigram model (which has no `scoreMany`, so
 * the per-text `score` path runs). Oracle: the fake's exact bigram table by hand, and lm-eval's
 * definitions of acc / acc_norm (length in characters of the choice, without the delimiter).
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { createFakeModel, fakeLogprobs } from "../helpers/fake-model.js";
import { postJson } from "./request.js";

const app = createApp({ models: createFakeModel(), log: () => {} });
const logprobAfter = (previous: number, next: number) => fakeLogprobs(previous)[next] as number;

interface ChooseBody {
  object: string;
  items: number;
  acc: number;
  acc_norm: number;
  acc_stderr: number | null;
  results: {
    pred: number;
    pred_norm: number;
    gold: number;
    loglikelihoods: number[];
    acc: number;
    acc_norm: number;
  }[];
}

describe("POST /v1/choose", () => {
  it("returns each choice's loglikelihood and lm-eval's acc and acc_norm", async () => {
    const response = await postJson(app, "/v1/choose", {
      items: [
        { context: " the", choices: ["dog", "cat sat"], gold: 1 },
        { context: " the", choices: ["cat sat", "dog"], gold: 1 },
      ],
      per_item: true,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChooseBody;
    // hand computation: l(dog) = log p(" dog" | " the"); l(cat sat) = log p(" cat" | " the") + log p(" sat" | " cat")
    const dog = logprobAfter(2, 9);
    const catSat = logprobAfter(2, 3) + logprobAfter(3, 4);
    const first = body.results[0]!;
    expect(first.loglikelihoods[0]).toBeCloseTo(dog, 10);
    expect(first.loglikelihoods[1]).toBeCloseTo(catSat, 10);
    expect(first.pred).toBe(dog > catSat ? 0 : 1);
    expect(first.pred_norm).toBe(dog / 3 > catSat / 7 ? 0 : 1);
    const accs = body.results.map((result) => result.acc);
    expect(body.acc).toBe((accs[0]! + accs[1]!) / 2);
    // mean_stderr of two 0/1 values: sample stddev / sqrt(2).
    const mean = body.acc;
    const sd = Math.sqrt(((accs[0]! - mean) ** 2 + (accs[1]! - mean) ** 2) / 1);
    expect(body.acc_stderr).toBeCloseTo(sd / Math.sqrt(2), 12);
  });

  it("names the bad field of an item", async () => {
    const cases: [unknown, string][] = [
      [{ items: [{ context: " the", choices: ["dog", ""], gold: 0 }] }, "items[0].choices[1]"],
      [{ items: [{ context: " the", choices: ["dog", "cat"], gold: 2 }] }, "items[0].gold"],
      [{ items: [{ context: " the", choices: ["dog"], gold: 0 }] }, "items[0].choices"],
      [{ items: [] }, "items"],
    ];
    for (const [body, param] of cases) {
      const response = await postJson(app, "/v1/choose", body);
      expect(response.status).toBe(400);
      const error = ((await response.json()) as { error: { param: string; message: string } }).error;
      expect(error.param).toBe(param);
    }
  });
});
