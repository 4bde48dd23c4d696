import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../types.js";
import { decideAbstention } from "./decide-abstention.js";

function token(text: string, p: number | null): TokenLogprob {
  return { token: text, bytes: [], logprob: p === null ? null : Math.log(p), top: [] };
}

describe("decideAbstention", () => {
  const answer = [token("The", 0.9), token(" answer", 0.2), token(" is", 0.8)];

  it("min-token-prob abstains below the threshold and names the position", () => {
    const decision = decideAbstention(answer, { kind: "min-token-prob", threshold: 0.3 });
    expect(decision).toMatchObject({ abstain: true, kind: "min-token-prob", threshold: 0.3, position: 1 });
    expect(decision.value).toBeCloseTo(0.2, 15);
    expect(decision.reason).toContain('" answer" at #2'); // index 1, shown from 1 (core's formatPosition)
    expect(decision.reason).toContain("is below the threshold 0.3");
    expect(decideAbstention(answer, { kind: "min-token-prob", threshold: 0.2 }).abstain).toBe(false);
  });

  it("mean-logprob compares nats per token", () => {
    // hand computation: mean = ln(0.9 * 0.2 * 0.8) / 3 = ln(0.144) / 3 = -0.6459...
    const mean = Math.log(0.144) / 3;
    const decision = decideAbstention(answer, { kind: "mean-logprob", threshold: -0.5 });
    expect(decision.abstain).toBe(true);
    expect(decision.value).toBeCloseTo(mean, 14);
    expect(decideAbstention(answer, { kind: "mean-logprob", threshold: -0.7 }).abstain).toBe(false);
  });

  it("joint-probability compares in log space even when the probability underflows", () => {
    // hand computation: joint = 0.144
    expect(decideAbstention(answer, { kind: "joint-probability", threshold: 0.15 }).abstain).toBe(true);
    expect(decideAbstention(answer, { kind: "joint-probability", threshold: 0.14 }).abstain).toBe(false);
    // 800 tokens of probability 0.4: joint = 0.4^800 ~ 1e-318... ; threshold 1e-320 is below it
    // (hand computation: 800 ln 0.4 = -733.03 > ln 1e-320 = -736.83)
    const long = Array.from({ length: 800 }, () => token("x", 0.4));
    expect(decideAbstention(long, { kind: "joint-probability", threshold: 1e-320 }).abstain).toBe(false);
    expect(decideAbstention(long, { kind: "joint-probability", threshold: 1e-300 }).abstain).toBe(true);
  });

  it("abstains with a null value when nothing is scored", () => {
    const decision = decideAbstention([token("a", null)], { kind: "mean-logprob", threshold: -1 });
    expect(decision).toMatchObject({ abstain: true, value: null, threshold: -1 });
  });

  it("rejects unknown kinds and thresholds outside their range", () => {
    expect(() => decideAbstention(answer, { kind: "vibes" as "mean-logprob", threshold: -1 })).toThrow(
      /policy.kind/,
    );
    expect(() => decideAbstention(answer, { kind: "mean-logprob", threshold: 0.5 })).toThrow(
      /policy.threshold/,
    );
    expect(() => decideAbstention(answer, { kind: "min-token-prob", threshold: 1.5 })).toThrow(
      /policy.threshold/,
    );
    expect(() => decideAbstention(answer, { kind: "joint-probability", threshold: Number.NaN })).toThrow(
      /policy.threshold/,
    );
  });
});
