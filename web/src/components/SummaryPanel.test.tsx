// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FOUR_TOKENS } from "../test-support/fixtures.js";
import { abstentionPolicy, type PolicyKind, SummaryPanel } from "./SummaryPanel.js";

afterEach(cleanup);

function Harness({ onSelect }: { onSelect: (index: number) => void }) {
  const [threshold, setThreshold] = useState(0.2);
  const [policy, setPolicy] = useState<PolicyKind>("min-token-prob");
  return (
    <SummaryPanel
      tokens={FOUR_TOKENS}
      threshold={threshold}
      onThresholdChange={setThreshold}
      policy={policy}
      onPolicyChange={setPolicy}
      onSelect={onSelect}
    />
  );
}

const field = (name: string) =>
  screen.getByTestId("summary").querySelector(`[data-field="${name}"]`)?.textContent;

describe("SummaryPanel", () => {
  it("shows perplexity, mean and min logprob and bits per byte as computed by hand", () => {
    render(<Harness onSelect={() => {}} />);
    // Oracle (hand): p = .5, .25, .8, .05; product = 0.005; mean logprob = ln(0.005) / 4 = -1.32458;
    // perplexity = 0.005^(-1/4) = 3.7606; min = ln .05 = -2.99573 at "\n";
    // bytes = 4 + 5 + 2 + 1 = 12; bits per byte = -ln(0.005) / (12 ln 2) = 0.63699.
    expect(field("token-count")).toBe("4");
    expect(field("perplexity")).toBe("3.761");
    expect(field("mean-logprob")).toBe("-1.3246 nats");
    expect(field("min-logprob")).toBe("-2.9957 nats at “↵”");
    expect(field("bits-per-byte")).toBe("0.637");
  });

  it("lists the least confident tokens, least first, and selects one on click", () => {
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    const items = screen.getByText("Least confident tokens").nextElementSibling!.querySelectorAll("li");
    expect([...items].map((item) => item.textContent)).toEqual([
      "“↵” #4, 5.00%",
      "“·upon” #2, 25.0%",
      "“Once” #1, 50.0%",
      "“·a” #3, 80.0%",
    ]);
    fireEvent.click(screen.getByRole("button", { name: "“·upon”" }));
    expect(onSelect).toHaveBeenCalledWith(1);
  });

  it("flips the abstention verdict as the threshold moves past the weakest token", () => {
    render(<Harness onSelect={() => {}} />);
    const verdict = () => screen.getByTestId("abstention-verdict");
    // Least probable token: 0.05 < 0.20 -> abstain.
    expect(verdict().dataset.abstain).toBe("true");
    expect(verdict().textContent).toBe(
      "Abstain: not sure. The least probable token, “↵” (#4), has probability 5.00%, below the 20.0% threshold.",
    );
    const slider = screen.getByLabelText(/Threshold/);
    fireEvent.change(slider, { target: { value: "5" } });
    // 0.05 is not strictly below 0.05 -> answer.
    expect(verdict().dataset.abstain).toBe("false");
    fireEvent.change(slider, { target: { value: "6" } });
    expect(verdict().dataset.abstain).toBe("true");
  });

  it("judges the typical token by the geometric mean probability", () => {
    render(<Harness onSelect={() => {}} />);
    fireEvent.change(screen.getByLabelText("Judge by"), { target: { value: "mean-logprob" } });
    // Oracle: geometric mean = 0.005^(1/4) = 0.26591; not below 0.20 -> answer; below 0.27 -> abstain.
    expect(screen.getByTestId("abstention-verdict").dataset.abstain).toBe("false");
    expect(screen.getByTestId("abstention-verdict").textContent).toBe(
      "Confident enough to answer. The typical token probability (geometric mean) is 26.6%, not below the 20.0% threshold.",
    );
    fireEvent.change(screen.getByLabelText(/Threshold/), { target: { value: "27" } });
    expect(screen.getByTestId("abstention-verdict").dataset.abstain).toBe("true");
    // Joint: 0.005 < 0.27 -> abstain.
    fireEvent.change(screen.getByLabelText("Judge by"), { target: { value: "joint-probability" } });
    expect(screen.getByTestId("abstention-verdict").textContent).toBe(
      "Abstain: not sure. The whole sequence has probability 0.500%, below the 27.0% threshold.",
    );
    expect(abstentionPolicy("mean-logprob", 0.5)).toEqual({ kind: "mean-logprob", threshold: Math.log(0.5) });
  });
});
