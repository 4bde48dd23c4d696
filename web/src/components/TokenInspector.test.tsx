// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FOUR_TOKENS, token } from "../test-support/fixtures.js";
import { TokenInspector } from "./TokenInspector.js";

afterEach(cleanup);

describe("TokenInspector", () => {
  it("shows probability, logprob, rank, entropy bound and the alternatives as bars", () => {
    render(<TokenInspector token={FOUR_TOKENS[1]} index={1} pinned={false} onUnpin={() => {}} />);
    const panel = screen.getByTestId("alternatives");
    const field = (name: string) => panel.querySelector(`[data-field="${name}"]`)?.textContent;
    expect(field("probability")).toBe("25.0%");
    // Oracle: ln 0.25 = -1.386294...
    expect(field("logprob")).toBe("-1.3863 nats");
    // Oracle: -ln 0.25 = 1.386294... nats (one unit, nats, for every log quantity in the panel).
    expect(field("surprisal")).toBe("1.3863 nats");
    expect(field("rank")).toBe("2");
    // Oracle (hand): listed p = .45, .25, .2; H_known = -(.45 ln .45 + .25 ln .25 + .2 ln .2) = 1.0277;
    // leftover .1 fits in one token (cap .2): -.1 ln .1 = 0.2303; lower bound = 1.258.
    expect(field("entropy")).toBe("≥ 1.258 nats (top-k only)");
    const bars = panel.querySelectorAll<HTMLElement>("[data-alternative-index]");
    expect([...bars].map((bar) => bar.querySelector(".alternative-value")?.textContent)).toEqual([
      "45.0%",
      "25.0%",
      "20.0%",
    ]);
    expect(
      [...bars].map((bar) => (bar.querySelector(".alternative-bar") as HTMLElement).style.width),
    ).toEqual(["45%", "25%", "20%"]);
    expect(bars[1]!.className).toContain("alternative-chosen");
  });

  it("shows exact entropy when the source had it, and n/a for an unknown logprob", () => {
    render(
      <TokenInspector token={{ ...token("a", null), entropy: 2.5 }} index={0} pinned onUnpin={() => {}} />,
    );
    const panel = screen.getByTestId("alternatives");
    expect(panel.querySelector('[data-field="entropy"]')?.textContent).toBe("2.5 nats");
    expect(panel.querySelector('[data-field="logprob"]')?.textContent).toBe("n/a (unconditioned)");
    expect(screen.getByText("No alternatives were returned for this token.")).toBeTruthy();
  });

  it("offers a branch on every alternative but the chosen one", () => {
    const onChoose = vi.fn();
    render(<TokenInspector token={FOUR_TOKENS[1]} index={1} pinned onUnpin={() => {}} onChoose={onChoose} />);
    const buttons = within(screen.getByTestId("alternatives")).getAllByRole("button", { name: /^Branch/ });
    expect(buttons.map((button) => button.textContent)).toEqual(["“·there”", "“·in”"]);
    fireEvent.click(buttons[0]!);
    expect(onChoose).toHaveBeenCalledWith(1, FOUR_TOKENS[1]!.top[0]);
  });

  it("invites the user to pick a token when none is selected", () => {
    render(<TokenInspector token={undefined} index={null} pinned={false} onUnpin={() => {}} />);
    expect(screen.getByTestId("alternatives").textContent).toMatch(/Hover, focus or click a token/);
  });
});
