import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs } from "../../../test/helpers/fake-model.js";
import { InvalidInputError } from "../../core/errors.js";
import type { CommandIo } from "../command-io.js";
import { parseClassifyCommandOptions, runClassify } from "./classify.js";

function bufferIo(): CommandIo & { out: () => string } {
  let out = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: () => true },
    env: {},
    out: () => out,
  };
}

const logprobAfter = (previous: number, next: number) => fakeLogprobs(previous)[next] as number;

describe("classify command", () => {
  it("prints each label's probability and the decision (hand computation on the fake bigram table)", async () => {
    const io = bufferIo();
    const options = parseClassifyCommandOptions({ labels: "dog, cat sat" });
    await runClassify(createFakeModel(), " the", options, io);
    const dog = logprobAfter(2, 9);
    const catSat = logprobAfter(2, 3) + logprobAfter(3, 4);
    const pDog = Math.exp(dog) / (Math.exp(dog) + Math.exp(catSat));
    const percent = (p: number) => `${(p * 100).toPrecision(3)}%`;
    expect(io.out()).toMatch(
      new RegExp(`dog\\s+${percent(pDog).replace(".", "\\.")}\\s+${dog.toFixed(4)}\\s+1`),
    );
    expect(io.out()).toMatch(
      new RegExp(`cat sat\\s+${percent(1 - pDog).replace(".", "\\.")}\\s+${catSat.toFixed(4)}\\s+2`),
    );
    const winner = pDog >= 0.5 ? "dog" : "cat sat";
    expect(io.out()).toContain(`label: ${winner}`);
  });

  it("abstains in JSON under the threshold", async () => {
    const io = bufferIo();
    await runClassify(
      createFakeModel(),
      " the",
      parseClassifyCommandOptions({ labels: "dog,cat,mat", threshold: "1", json: true }),
      io,
    );
    const result = JSON.parse(io.out()) as {
      abstained: boolean;
      label: null;
      labels: { probability: number }[];
    };
    expect(result.abstained).toBe(true);
    expect(result.label).toBeNull();
    expect(result.labels.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 12);
  });

  it("parses labels (escaped commas, spaces) and names bad flags", () => {
    expect(parseClassifyCommandOptions({ labels: " yes , no\\, never " }).labels).toEqual([
      "yes",
      "no, never",
    ]);
    expect(() => parseClassifyCommandOptions({ labels: "a,a" })).toThrow(/twice/);
    expect(() => parseClassifyCommandOptions({ labels: " , " })).toThrow(InvalidInputError);
    expect(() => parseClassifyCommandOptions({ labels: "a", threshold: "2" })).toThrow(/from 0 to 1/);
    expect(parseClassifyCommandOptions({ labels: "a", parallel: "8" }).parallel).toBe(8);
    expect(() => parseClassifyCommandOptions({ labels: "a", parallel: "65" })).toThrow(
      expect.objectContaining({ field: "--parallel", message: expect.stringMatching(/1 to 64/) }),
    );
  });
});
