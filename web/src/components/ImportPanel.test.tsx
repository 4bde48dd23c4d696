// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch } from "../test-support/fake-fetch.js";
import { FOUR_TOKENS } from "../test-support/fixtures.js";
import { ImportPanel } from "./ImportPanel.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const analyzed = {
  format: "openai-chat",
  sequence: { tokens: FOUR_TOKENS, provenance: { source: "openai", model: "gpt-x", distribution: "top-k" } },
};

describe("ImportPanel", () => {
  it("sends a chosen file to /v1/analyze and shows the tokens", async () => {
    const server = fakeFetch({ "/v1/analyze": () => ({ json: analyzed }) });
    vi.stubGlobal("fetch", server.fetch);
    render(<ImportPanel />);
    const file = new File(['{"object":"chat.completion","choices":[]}'], "answer.json", {
      type: "application/json",
    });
    fireEvent.change(screen.getByLabelText("File to import"), { target: { files: [file] } });
    await waitFor(() => expect(document.querySelectorAll("[data-token-index]")).toHaveLength(4));
    expect(server.requests[0]).toEqual({
      path: "/v1/analyze",
      body: { object: "chat.completion", choices: [] },
    });
    expect(screen.getByText(/answer\.json: openai-chat, model gpt-x, top-k logprobs/)).toBeTruthy();
  });

  it("shows the server's complaint about unreadable input in place", async () => {
    const server = fakeFetch({
      "/v1/analyze": () => ({
        json: {
          error: { message: "line 1, column 2: expected a property name", type: "invalid_request_error" },
        },
        status: 400,
      }),
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<ImportPanel />);
    fireEvent.change(screen.getByLabelText("Or paste a response"), { target: { value: "{oops" } });
    fireEvent.click(screen.getByRole("button", { name: "View" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toMatch(/line 1, column 2: expected a property name/),
    );
    expect(server.requests[0]?.path).toBe("/v1/analyze");
  });
});
