// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RANK_BUCKETS } from "../lib/rank-buckets.js";
import { fakeFetch } from "../test-support/fake-fetch.js";
import { token } from "../test-support/fixtures.js";
import { ScorePanel, scoredSequence } from "./ScorePanel.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const scored = [
  token("The", null),
  { ...token(" cat", 0.2), rank: 4 },
  { ...token(" sat", 0.01), rank: 150 },
];
const response = {
  model: "fake-model",
  tokens: scored,
  perplexity: 22.36,
  bits_per_byte: 1.5,
  bos_conditioned: false,
};

describe("ScorePanel", () => {
  it("scores the pasted text and switches to GLTR rank buckets", async () => {
    const server = fakeFetch({ "/v1/score": () => ({ json: response }) });
    vi.stubGlobal("fetch", server.fetch);
    render(<ScorePanel model="fake-model" />);
    fireEvent.change(screen.getByLabelText("Text to score"), { target: { value: "The cat sat" } });
    fireEvent.click(screen.getByRole("button", { name: "Score" }));
    await waitFor(() => expect(document.querySelectorAll("[data-token-index]")).toHaveLength(3));
    expect(server.requests[0]).toEqual({
      path: "/v1/score",
      body: { input: "The cat sat", top_logprobs: 5 },
    });
    expect(document.querySelector('[data-field="server-perplexity"]')?.textContent).toBe("22.36");
    expect(document.querySelector('[data-field="server-bits-per-byte"]')?.textContent).toBe("1.5");
    expect(screen.getByText(/its probability is unknown/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText("rank (GLTR)"));
    const colours = [...document.querySelectorAll<HTMLElement>("[data-token-index]")].map(
      (element) => element.style.backgroundColor,
    );
    // Ranks 4 -> top 10 (green), 150 -> top 1000 (red); the first token has no rank (grey).
    const rgb = (hex: string) => {
      const value = Number.parseInt(hex.slice(1), 16);
      return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
    };
    expect(colours.slice(1)).toEqual([rgb(RANK_BUCKETS[0]!.color), rgb(RANK_BUCKETS[2]!.color)]);
  });

  it("checks its input and shows server errors in place", async () => {
    const server = fakeFetch({
      "/v1/score": () => ({
        json: { error: { message: "the model cannot score text", type: "unsupported" } },
        status: 400,
      }),
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<ScorePanel model="fake-model" />);
    fireEvent.click(screen.getByRole("button", { name: "Score" }));
    expect(screen.getByRole("alert").textContent).toContain("Text to score is empty");
    expect(server.requests).toHaveLength(0);
    fireEvent.change(screen.getByLabelText("Text to score"), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Score" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toContain("the model cannot score text"),
    );
  });

  it("turns the answer into a core sequence for export", () => {
    expect(scoredSequence(response).text).toBe("The cat sat");
    expect(scoredSequence(response).provenance.model).toBe("fake-model");
  });
});
