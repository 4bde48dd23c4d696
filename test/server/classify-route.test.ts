/**
 * `POST /v1/classify` through `app.request()` on the fake bigram model. Oracle: hand computation of
 * the softmax over the labels' joint logprobs from the fake's exact table.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { createFakeModel, fakeLogprobs } from "../helpers/fake-model.js";
import { postJson } from "./request.js";

const app = createApp({ models: createFakeModel(), log: () => {} });
const logprobAfter = (previous: number, next: number) => fakeLogprobs(previous)[next] as number;

interface ClassifyBody {
  object: string;
  label: string | null;
  abstained: boolean;
  labels: {
    label: string;
    probability: number;
    sequence_logprob: number;
    token_count: number;
    exact: boolean;
  }[];
  covered_mass: number;
  approximate: boolean;
}

describe("POST /v1/classify", () => {
  it("returns each label's probability over the labels, multi-token labels included", async () => {
    const response = await postJson(app, "/v1/classify", {
      input: " the",
      labels: ["dog", "cat sat"],
      threshold: 0.1,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ClassifyBody;
    // hand computation: l(dog) = log p(" dog" | " the"); l(cat sat) = log p(" cat" | " the") + log p(" sat" | " cat")
    const dog = logprobAfter(2, 9);
    const catSat = logprobAfter(2, 3) + logprobAfter(3, 4);
    const pDog = Math.exp(dog) / (Math.exp(dog) + Math.exp(catSat));
    const byLabel = Object.fromEntries(body.labels.map((entry) => [entry.label, entry]));
    expect(byLabel.dog?.probability).toBeCloseTo(pDog, 12);
    expect(byLabel["cat sat"]?.probability).toBeCloseTo(1 - pDog, 12);
    expect(byLabel["cat sat"]).toMatchObject({ token_count: 2, exact: true });
    expect(byLabel["cat sat"]?.sequence_logprob).toBeCloseTo(catSat, 12);
    expect(body).toMatchObject({ object: "classification", abstained: false, approximate: false });
    expect(body.label).toBe(pDog > 0.5 ? "dog" : "cat sat");
    expect(body.covered_mass).toBeCloseTo(Math.exp(dog) + Math.exp(catSat), 12);
  });

  it("abstains under the threshold", async () => {
    const body = (await (
      await postJson(app, "/v1/classify", { input: " the", labels: ["dog", "cat", "mat"], threshold: 1 })
    ).json()) as ClassifyBody;
    expect(body.abstained).toBe(true);
    expect(body.label).toBeNull();
  });

  it("answers 400 naming the field for a bad body", async () => {
    for (const [body, param] of [
      [{ input: " the", labels: [] }, "labels"],
      [{ input: " the", labels: ["a", "a"] }, "labels"],
      [{ input: " the", labels: ["a"], threshold: 2 }, "threshold"],
      [{ input: "", labels: ["a"] }, "input"],
      [{ input: " the", labels: ["a"], extra: 1 }, undefined],
    ] as const) {
      const response = await postJson(app, "/v1/classify", body);
      expect(response.status).toBe(400);
      const error = ((await response.json()) as { error: { param: string | null; message: string } }).error;
      if (param !== undefined) expect(error.param).toBe(param);
      expect(error.message.length).toBeGreaterThan(0);
    }
  });
});
