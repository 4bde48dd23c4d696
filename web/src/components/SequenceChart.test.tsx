// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FOUR_TOKENS, token } from "../test-support/fixtures.js";
import { SequenceChart } from "./SequenceChart.js";

afterEach(cleanup);

describe("SequenceChart", () => {
  it("draws probability and entropy series, shaded spans and ambiguity marks", () => {
    const tokens = FOUR_TOKENS.map((entry, index) => ({ ...entry, entropy: [1, 2, 0.5, 3][index]! }));
    const { container } = render(
      <SequenceChart
        tokens={tokens}
        lowConfidence={[{ start: 3, end: 4 }]}
        ambiguity={[1]}
        selectedIndex={2}
        onSelect={() => {}}
      />,
    );
    const chart = screen.getByTestId("sequence-chart");
    expect(chart.getAttribute("aria-label")).toBe(
      "Probability and entropy of 4 tokens; 1 low-confidence span, 1 ambiguity point.",
    );
    // Plot box: left 44, width 548, top 12, height 178. Token 0 (p .5) sits at (44, 12 + .5 * 178 = 101).
    const probability = container.querySelector('[data-series="probability"]')!.getAttribute("d")!;
    expect(probability.startsWith("M44,101 L226.67,145.5")).toBe(true);
    // Entropy max 3 -> nice maximum 5: token 0 (H = 1) at y = 12 + (1 - 1/5) * 178 = 154.4.
    expect(
      container.querySelector('[data-series="entropy"]')!.getAttribute("d")!.startsWith("M44,154.4"),
    ).toBe(true);
    expect(screen.getByTestId("entropy-key").textContent).toBe("- - entropy (nats, right axis)");
    expect(container.querySelectorAll(".chart-span")).toHaveLength(1);
    expect(container.querySelector("[data-ambiguity-index]")?.getAttribute("data-ambiguity-index")).toBe("1");
    expect(container.querySelector(".chart-selected")?.getAttribute("x1")).toBe(String(44 + (2 * 548) / 3));
  });

  it("selects the token whose column is clicked", () => {
    const onSelect = vi.fn();
    const { container } = render(
      <SequenceChart
        tokens={FOUR_TOKENS}
        lowConfidence={[]}
        ambiguity={[]}
        selectedIndex={null}
        onSelect={onSelect}
      />,
    );
    // The fixture has top-k lists but no exact entropy: the line is a lower bound and says so.
    expect(screen.getByTestId("entropy-key").textContent).toBe(
      "- - entropy, lower bound from the top alternatives (nats, right axis)",
    );
    fireEvent.click(container.querySelector('[data-chart-index="3"]')!);
    expect(onSelect).toHaveBeenCalledWith(3);
  });

  it("leaves a gap for an unknown probability and omits entropy when none is known", () => {
    const { container } = render(
      <SequenceChart
        tokens={[token("a", null), token("b", 1), token("c", 1)]}
        lowConfidence={[]}
        ambiguity={[]}
        selectedIndex={null}
        onSelect={() => {}}
      />,
    );
    expect(container.querySelector('[data-series="probability"]')!.getAttribute("d")).toBe("M318,12 L592,12");
    expect(container.querySelector('[data-series="entropy"]')).toBeNull();
  });
});
