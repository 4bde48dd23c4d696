// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "./App.js";
import { firstModelCapabilities, firstModelId } from "./components/ServerStatus.js";
import { fakeFetch } from "./test-support/fake-fetch.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("App", () => {
  it("names the served model and switches tabs with the keyboard", async () => {
    vi.stubGlobal(
      "fetch",
      fakeFetch({ "/v1/models": () => ({ json: { data: [{ id: "stories260K" }] } }) }).fetch,
    );
    render(<App />);
    await waitFor(() => expect(screen.getByText("stories260K", { selector: "code" })).toBeTruthy());
    const generateTab = screen.getByRole("tab", { name: "Generate" });
    expect(generateTab.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(generateTab, { key: "ArrowRight" });
    expect(screen.getByRole("tab", { name: "Score" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByLabelText("Text to score")).toBeTruthy();
  });

  it("still renders, with the reason, when the server is unreachable", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    render(<App />);
    await waitFor(() => expect(screen.getByText(/could not reach the logprobe server/)).toBeTruthy());
    expect(screen.getByLabelText("Prompt")).toBeTruthy();
  });

  it("follows the served model's capabilities", async () => {
    const capabilities = {
      maxTopLogprobs: 3,
      promptLogprobs: false,
      exactEntropy: false,
      logprobsModes: ["raw"],
      textPrompt: true,
      chat: false,
      beamSearch: false,
      branching: false,
      tokenize: false,
      fullDistributions: false,
    };
    vi.stubGlobal(
      "fetch",
      fakeFetch({ "/v1/models": () => ({ json: { data: [{ id: "remote", capabilities }] } }) }).fetch,
    );
    render(<App />);
    await waitFor(() => expect(screen.getByText("remote", { selector: "code" })).toBeTruthy());
    expect((screen.getByLabelText("chat") as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText("0–3 per token")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Score", hidden: true }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByText(/cannot score given text/)).toBeTruthy();
  });

  it("reads the first model id and capabilities", () => {
    expect(
      firstModelCapabilities({ data: [{ id: "a", capabilities: { maxTopLogprobs: "x" } }] }),
    ).toBeUndefined();
    expect(firstModelId({ data: [{ id: "a" }, { id: "b" }] })).toBe("a");
    expect(firstModelId({ data: [] })).toBeUndefined();
    expect(firstModelId(null)).toBeUndefined();
  });
});
