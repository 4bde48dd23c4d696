import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs } from "../../../test/helpers/fake-model.js";
import type { CommandIo } from "../command-io.js";
import { parseVagueCommandOptions, runVague } from "./vague.js";

function bufferIo(): CommandIo & { out: () => string } {
  let out = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: () => true },
    env: {},
    out: () => out,
  };
}

const entropyAfter = (previous: number) =>
  -fakeLogprobs(previous).reduce((sum, logprob) => sum + Math.exp(logprob) * logprob, 0);

describe("vague command", () => {
  it("prints the score, the branch points and the branches (hand computation on the fake bigram table)", async () => {
    const io = bufferIo();
    await runVague(
      createFakeModel(),
      " on",
      parseVagueCommandOptions({ samples: "3", tokens: "1", top: "2" }),
      io,
    );
    // one greedy token "." after " on" (id 5); the fake is greedy, so all 3 samples agree
    const entropy = entropyAfter(5);
    const text = io.out();
    expect(text).toContain(`ambiguity: ${((1 - Math.exp(-entropy)) / 2).toFixed(3)}`);
    expect(text).toContain(`disagreement 0.000`);
    expect(text).toContain(`mean entropy of the first 1 tokens: ${entropy.toFixed(4)} nats`);
    expect(text).toContain(`token #1 ".": entropy ${entropy.toFixed(4)} nats`);
    expect(text).toMatch(/"\."\s+3\s+100%/);
  });

  it("names bad flags", () => {
    expect(() => parseVagueCommandOptions({ samples: "1" })).toThrow(/from 2 to 256/);
    expect(() => parseVagueCommandOptions({ temperature: "0" })).toThrow(/greater than 0/);
  });
});
