// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DetectResult } from "../../../src/core/index.js";
import { RANK_BUCKETS } from "../lib/rank-buckets.js";
import { fakeFetch } from "../test-support/fake-fetch.js";
import { DetectPanel } from "./DetectPanel.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rgb = (hex: string) => {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
};

const result: DetectResult = {
  observer: "observer.gguf",
  performer: "performer.gguf",
  method: "exact",
  tokens: [
    {
      index: 1,
      token: " cat",
      textOffset: 3,
      logprob: -0.5,
      performerLogprob: -0.6,
      rank: 2,
      bucket: "top10",
      crossEntropy: 1,
      minKPlusPlus: 0.3,
    },
    {
      index: 2,
      token: " sat",
      textOffset: 7,
      logprob: -6,
      performerLogprob: -5,
      rank: 150,
      bucket: "top1000",
      crossEntropy: 2,
      minKPlusPlus: -1.2,
    },
  ],
  scores: {
    binoculars: 2.0833,
    observerLogPerplexity: 3.25,
    performerLogPerplexity: 3.125,
    crossLogPerplexity: 1.5,
    gltr: {
      count: 2,
      counts: { top10: 1, top100: 0, top1000: 1, rest: 0 },
      fractions: { top10: 0.5, top100: 0, top1000: 0.5, rest: 0 },
    },
    k: 50,
    minKPercent: -6,
    minKPercentPlusPlus: -1.2,
  },
  warnings: [],
};

describe("DetectPanel", () => {
  it("posts the observer, performer and k chosen, then shows the scores and GLTR buckets as numbers", async () => {
    const server = fakeFetch({
      "/v1/models": () => ({ json: { data: [{ id: "observer.gguf" }, { id: "performer.gguf" }] } }),
      "/v1/detect": () => ({ json: result }),
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<DetectPanel />);
    await waitFor(() => expect(document.querySelectorAll("select option").length).toBe(4));
    fireEvent.change(screen.getByLabelText("Text to check"), { target: { value: "The cat sat" } });
    fireEvent.change(screen.getByLabelText("Observer"), { target: { value: "performer.gguf" } });
    fireEvent.change(screen.getByLabelText("Performer"), { target: { value: "observer.gguf" } });
    fireEvent.change(screen.getByLabelText("k (%)"), { target: { value: "50" } });
    fireEvent.click(screen.getByRole("button", { name: "Detect" }));
    await waitFor(() => expect(document.querySelectorAll("[data-token-index]")).toHaveLength(2));
    expect(server.requests.find((request) => request.path === "/v1/detect")?.body).toEqual({
      input: "The cat sat",
      k: 50,
      observer: "performer.gguf",
      performer: "observer.gguf",
    });
    expect(document.querySelector('[data-field="binoculars"]')?.textContent).toBe("2.0833");
    expect(document.querySelector('[data-field="min-k-plus-plus"]')?.textContent).toBe("-1.2000");
    expect(document.querySelector('[data-field="gltr-count-top10"]')?.textContent).toBe("1");
    expect(document.querySelector('[data-field="gltr-share-top1000"]')?.textContent).toBe("50.0%");
    const colours = [...document.querySelectorAll<HTMLElement>("[data-token-index]")].map(
      (element) => element.style.backgroundColor,
    );
    expect(colours).toEqual([rgb(RANK_BUCKETS[0]!.color), rgb(RANK_BUCKETS[2]!.color)]);
  });

  it("checks k before asking the server", async () => {
    const server = fakeFetch({ "/v1/models": () => ({ json: { data: [] } }) });
    vi.stubGlobal("fetch", server.fetch);
    render(<DetectPanel />);
    fireEvent.change(screen.getByLabelText("Text to check"), { target: { value: "x" } });
    fireEvent.change(screen.getByLabelText("k (%)"), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Detect" }));
    await waitFor(() => expect(screen.getByText(/k is 0; it must be a percentage/)).toBeTruthy());
    expect(server.requests.some((request) => request.path === "/v1/detect")).toBe(false);
  });
});
