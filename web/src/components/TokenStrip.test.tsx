// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROBABILITY_BANDS } from "../lib/probability-colors.js";
import { RANK_BUCKETS } from "../lib/rank-buckets.js";
import { FOUR_TOKENS, token } from "../test-support/fixtures.js";
import { TokenStrip } from "./TokenStrip.js";

afterEach(cleanup);

function renderStrip(overrides: Partial<Parameters<typeof TokenStrip>[0]> = {}) {
  const props = {
    tokens: FOUR_TOKENS,
    mode: "probability" as const,
    selectedIndex: null,
    pinnedIndex: null,
    onPreview: vi.fn(),
    onPin: vi.fn(),
    label: "Generated tokens",
    ...overrides,
  };
  const view = render(<TokenStrip {...props} />);
  const tokens = [...view.container.querySelectorAll<HTMLElement>("[data-token-index]")];
  return { props, tokens, view };
}

/** jsdom reports inline colours as rgb(); convert "#rrggbb" the same way. */
function rgb(hex: string): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
}

describe("TokenStrip", () => {
  it("renders every token with its real logprob and probability as data attributes", () => {
    const { tokens } = renderStrip();
    expect(tokens.map((element) => element.dataset.tokenIndex)).toEqual(["0", "1", "2", "3"]);
    expect(Number(tokens[1]!.dataset.logprob)).toBe(Math.log(0.25));
    // Oracle: exp(ln 0.25) = 0.25 up to rounding.
    expect(Number(tokens[1]!.dataset.prob)).toBeCloseTo(0.25, 15);
  });

  it("shows whitespace visibly and breaks the line after a newline token", () => {
    const { tokens, view } = renderStrip();
    expect(tokens.map((element) => element.textContent)).toEqual(["Once", "·upon", "·a", "↵"]);
    expect(view.container.querySelectorAll("br")).toHaveLength(1);
    // The data attribute keeps the real value; the label names the token with visible whitespace.
    expect(tokens[1]!.getAttribute("aria-label")).toBe("token #2 “·upon”, probability 25.0%");
  });

  it("colours by probability band, or by GLTR rank bucket", () => {
    const { tokens } = renderStrip();
    // 0.5 -> 50–80%, 0.25 -> 10–30%, 0.8 -> ≥ 80%, 0.05 -> < 10%.
    expect(tokens.map((element) => element.style.backgroundColor)).toEqual(
      [PROBABILITY_BANDS[3]!, PROBABILITY_BANDS[1]!, PROBABILITY_BANDS[4]!, PROBABILITY_BANDS[0]!].map(
        (band) => rgb(band.color),
      ),
    );
    cleanup();
    const ranked = [
      { ...token("a", 0.1), rank: 7 },
      { ...token("b", 0.01), rank: 70 },
      { ...token("c", 0.001), rank: 5000 },
    ];
    const { tokens: rankTokens } = renderStrip({ tokens: ranked, mode: "rank" });
    expect(rankTokens.map((element) => element.style.backgroundColor)).toEqual(
      [RANK_BUCKETS[0]!, RANK_BUCKETS[1]!, RANK_BUCKETS[3]!].map((bucket) => rgb(bucket.color)),
    );
  });

  it("marks an unknown logprob with empty attributes", () => {
    const { tokens } = renderStrip({ tokens: [token("Hi", null)] });
    expect(tokens[0]!.dataset.logprob).toBe("");
    expect(tokens[0]!.dataset.prob).toBe("");
    expect(tokens[0]!.getAttribute("aria-label")).toContain("probability unknown");
  });

  it("previews on hover and focus, pins on click, and moves with the arrow keys", () => {
    const { props, tokens } = renderStrip();
    fireEvent.mouseEnter(tokens[2]!);
    expect(props.onPreview).toHaveBeenLastCalledWith(2);
    fireEvent.click(tokens[2]!);
    expect(props.onPin).toHaveBeenLastCalledWith(2);
    tokens[0]!.focus();
    expect(props.onPreview).toHaveBeenLastCalledWith(0);
    fireEvent.keyDown(tokens[0]!, { key: "ArrowRight" });
    expect(document.activeElement).toBe(tokens[1]);
    fireEvent.keyDown(tokens[1]!, { key: "End" });
    expect(document.activeElement).toBe(tokens[3]);
    fireEvent.keyDown(tokens[3]!, { key: "Escape" });
    expect(props.onPin).toHaveBeenLastCalledWith(null);
    expect(screen.getByRole("group", { name: "Generated tokens" })).toBeTruthy();
  });

  it("has exactly one tab stop", () => {
    const { tokens } = renderStrip({ pinnedIndex: 2 });
    expect(tokens.map((element) => element.tabIndex)).toEqual([-1, -1, 0, -1]);
  });
});

describe("TokenStrip: a character split across tokens", () => {
  // " 🎉" split by a byte-level BPE vocabulary: [20 F0 9F] [8E] [89] (U+1F389 = F0 9F 8E 89).
  const party = [
    { token: " \ufffd", bytes: [32, 240, 159], logprob: Math.log(0.5), top: [] },
    { token: "\ufffd", bytes: [142], logprob: Math.log(0.8), top: [] },
    { token: "\ufffd", bytes: [137], logprob: Math.log(0.9), top: [] },
    { token: "!", bytes: [33], logprob: Math.log(0.95), top: [] },
  ];

  it("draws the character once over its three byte pieces, each still a token to inspect", () => {
    const { view, tokens } = renderStrip({ tokens: party });
    const spans = view.container.querySelectorAll<HTMLElement>(".split-char");
    expect(spans).toHaveLength(1);
    const glyph = spans[0]!.querySelector(".split-glyph")!;
    expect(glyph.textContent).toBe("🎉");
    expect(view.container.textContent?.match(/🎉/g)).toHaveLength(1);
    expect(view.container.textContent).not.toContain("\ufffd");
    // Oracle: chain rule, P(🎉) = 0.5 * 0.8 * 0.9 = 0.36: the 30-50% band.
    expect((glyph as HTMLElement).style.backgroundColor).toBe(
      rgb(PROBABILITY_BANDS.find((band) => band.label === "30-50%")!.color),
    );
    expect(
      [...spans[0]!.querySelectorAll("[data-token-index]")].map((element) => element.textContent),
    ).toEqual(["<20><F0><9F>", "<8E>", "<89>"]);
    expect(tokens.map((element) => element.dataset.tokenIndex)).toEqual(["0", "1", "2", "3"]);
  });
});
