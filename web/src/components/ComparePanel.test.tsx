// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareResult } from "../../../src/core/index.js";
import { divergenceColor } from "../lib/divergence-colors.js";
import { fakeFetch } from "../test-support/fake-fetch.js";
import { ComparePanel, formatDivergence } from "./ComparePanel.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rgb = (hex: string) => {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
};

const compared = (index: number, token: string, kl: number, baseTop: string, modelTop: string) => ({
  index,
  token,
  textOffset: index * 4,
  baseLogprob: -0.1,
  modelLogprob: -0.2,
  logprobDifference: -0.1,
  klDivergence: kl,
  baseTop,
  modelTop,
  sameTop: baseTop === modelTop,
});

const result: CompareResult = {
  base: "f32.gguf",
  model: "q8.gguf",
  method: "exact",
  windowing: "sliding",
  tokens: [compared(1, " cat", 0.001, " cat", " cat"), compared(2, " sat", 2.5, " sat", " ran")],
  klDivergence: {
    count: 2,
    mean: 1.2505,
    meanUncertainty: 0,
    median: 1.2505,
    minimum: 0.001,
    maximum: 2.5,
    percentiles: { "99": 2.475 },
    sameTop: 0.5,
    sameTopUncertainty: 0.5,
  },
  klDivergenceBounds: null,
  sameTop: 0.5,
  perplexity: { base: 1.1, model: 1.2, logRatio: 0.087 },
  probabilityDifferenceRms: 0.08,
  mostDivergent: [1, 0],
  sources: { base: "native", model: "native" },
  warnings: [],
};

describe("ComparePanel", () => {
  it("posts the first two served models by default and shows the KLD statistics and the aligned tokens coloured by KL", async () => {
    const server = fakeFetch({
      "/v1/models": () => ({ json: { object: "list", data: [{ id: "f32.gguf" }, { id: "q8.gguf" }] } }),
      "/v1/compare": () => ({ json: result }),
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<ComparePanel />);
    await waitFor(() => expect(document.querySelectorAll("select option").length).toBe(4));
    expect((screen.getByLabelText("Base model") as HTMLSelectElement).value).toBe("f32.gguf");
    expect((screen.getByLabelText("Compared model") as HTMLSelectElement).value).toBe("q8.gguf");
    fireEvent.change(screen.getByLabelText("Text to compare on"), { target: { value: "The cat sat" } });
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(document.querySelectorAll("[data-token-index]")).toHaveLength(2));
    expect(server.requests.find((request) => request.path === "/v1/compare")?.body).toEqual({
      input: "The cat sat",
      base: "f32.gguf",
      model: "q8.gguf",
    });
    expect(document.querySelector('[data-field="mean-kld"]')?.textContent).toBe("1.250500");
    expect(document.querySelector('[data-field="p99-kld"]')?.textContent).toBe("2.475000");
    expect(document.querySelector('[data-field="same-top"]')?.textContent).toBe("50.00%");
    const columns = [...document.querySelectorAll<HTMLElement>("[data-token-index]")];
    // KL 0.001 -> the 0.001-0.01 band; 2.5 -> the ">= 1" band
    expect(columns.map((column) => column.style.backgroundColor)).toEqual([
      rgb(divergenceColor(0.001)),
      rgb(divergenceColor(2.5)),
    ]);
    expect(divergenceColor(0.001)).not.toBe(divergenceColor(2.5));
    expect(columns[1]?.textContent).toContain("·ran");
    expect(columns[1]?.querySelector(".disagrees")).toBeTruthy();
  });

  it("shows bounds and the warning when only top-k is known, and server errors in place", async () => {
    const bounded: CompareResult = {
      ...result,
      method: "top-k-bounds",
      klDivergence: null,
      klDivergenceBounds: { meanLower: 0.01, meanUpper: null, exactTokens: 0 },
      tokens: result.tokens.map((token) => ({
        ...token,
        klDivergence: null,
        klDivergenceBounds: { lower: 0.01, upper: null },
      })),
      warnings: [{ code: "kl-divergence-bounds", message: "only top-20 logprobs are known" }],
    };
    let fail = false;
    const server = fakeFetch({
      "/v1/models": () => ({ json: { data: [] } }),
      "/v1/compare": () =>
        fail
          ? { json: { error: { message: "the model nope is not served", type: "not_found" } }, status: 404 }
          : { json: bounded },
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<ComparePanel />);
    fireEvent.change(screen.getByLabelText("Text to compare on"), { target: { value: "x y" } });
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(screen.getByText("only top-20 logprobs are known")).toBeTruthy());
    expect(document.querySelector('[data-field="mean-kld-lower"]')?.textContent).toBe("0.010000");
    expect(document.querySelector('[data-field="mean-kld-upper"]')?.textContent).toBe("∞");
    fail = true;
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(screen.getByText(/is not served/)).toBeTruthy());
    expect(formatDivergence(null)).toBe("–");
    expect(server.requests.find((request) => request.path === "/v1/compare")?.body).toEqual({ input: "x y" });
  });

  it("posts the models chosen in the selects, and refuses an empty text without a request", async () => {
    const server = fakeFetch({
      "/v1/models": () => ({ json: { data: [{ id: "a.gguf" }, { id: "b.gguf" }, { id: "c.gguf" }] } }),
      "/v1/compare": () => ({ json: result }),
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<ComparePanel />);
    await waitFor(() => expect(document.querySelectorAll("select option").length).toBe(6));
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(screen.getByText(/Text to compare on is empty/)).toBeTruthy());
    expect(server.requests.some((request) => request.path === "/v1/compare")).toBe(false);
    fireEvent.change(screen.getByLabelText("Text to compare on"), { target: { value: "The cat sat" } });
    fireEvent.change(screen.getByLabelText("Compared model"), { target: { value: "c.gguf" } });
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(document.querySelectorAll("[data-token-index]")).toHaveLength(2));
    expect(server.requests.find((request) => request.path === "/v1/compare")?.body).toEqual({
      input: "The cat sat",
      base: "a.gguf",
      model: "c.gguf",
    });
  });
});
