// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, generationEvents } from "../test-support/fake-fetch.js";
import { FOUR_TOKENS, token } from "../test-support/fixtures.js";
import { GeneratePanel } from "./GeneratePanel.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const tokenTexts = () =>
  [...document.querySelectorAll<HTMLElement>("[data-token-index]")].map((element) => element.textContent);

describe("GeneratePanel", () => {
  it("sends the prompt and settings, streams the tokens in and branches from an alternative", async () => {
    const branchTokens = [
      FOUR_TOKENS[0]!,
      token(" there", 0.45, [[" there", 0.45, 20]], 20),
      token(" was", 0.9, [], 50),
    ];
    const server = fakeFetch({
      "/v1/generate": () => ({ events: generationEvents(FOUR_TOKENS) }),
      "/v1/branch": () => ({ events: generationEvents(branchTokens) }),
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<GeneratePanel model="fake-model" />);
    fireEvent.change(screen.getByLabelText("Prompt"), { target: { value: "Tell me" } });
    fireEvent.change(screen.getByLabelText("Alternatives"), { target: { value: "3" } });
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    await waitFor(() => expect(tokenTexts()).toEqual(["Once", "·upon", "·a", "↵"]));
    expect(server.requests[0]).toEqual({
      path: "/v1/generate",
      body: {
        prompt: "Tell me",
        max_tokens: 32,
        temperature: 0,
        top_k: 0,
        top_p: 1,
        min_p: 0,
        top_logprobs: 3,
        logprobs_mode: "raw",
      },
    });

    // Inspect token 2 (" upon"), pin it, and branch with " there" (id 20).
    const second = document.querySelector<HTMLElement>('[data-token-index="1"]')!;
    fireEvent.click(second);
    const panel = screen.getByTestId("alternatives");
    await waitFor(() => expect(within(panel).getByRole("button", { name: /“·there”/ })).toBeTruthy());
    fireEvent.click(within(panel).getByRole("button", { name: /“·there”/ }));
    await waitFor(() => expect(tokenTexts()).toEqual(["Once", "·there", "·was"]));
    // The new branch opens with its forced token pinned in the inspector.
    expect(screen.getByTestId("alternatives").querySelector("h3")?.textContent).toBe("Token #2 “·there”");
    expect(server.requests[1]?.path).toBe("/v1/branch");
    expect(server.requests[1]?.body).toMatchObject({
      prompt: "Tell me",
      prefix_tokens: [10],
      forced_token: 20,
    });

    // The tree keeps both; switching back shows the original.
    const branches = screen.getByRole("navigation", { name: "Branches" });
    fireEvent.click(within(branches).getByRole("button", { name: "Original" }));
    expect(tokenTexts()).toEqual(["Once", "·upon", "·a", "↵"]);
  });

  it("offers no branch buttons when the served model cannot branch", async () => {
    vi.stubGlobal(
      "fetch",
      fakeFetch({ "/v1/generate": () => ({ events: generationEvents(FOUR_TOKENS) }) }).fetch,
    );
    const capabilities = {
      maxTopLogprobs: 20,
      promptLogprobs: true,
      exactEntropy: false,
      logprobsModes: ["raw" as const],
      textPrompt: true,
      chat: true,
      beamSearch: false,
      branching: false,
      tokenize: false,
      fullDistributions: false,
    };
    render(<GeneratePanel model="fake-model" capabilities={capabilities} />);
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    await waitFor(() => expect(tokenTexts()).toHaveLength(4));
    fireEvent.click(document.querySelector<HTMLElement>('[data-token-index="1"]')!);
    const panel = screen.getByTestId("alternatives");
    expect(within(panel).queryAllByRole("button", { name: /^Branch/ })).toHaveLength(0);
    expect(panel.textContent).toContain("The served model cannot branch");
  });

  it("stops a running generation and keeps the tokens so far", async () => {
    vi.stubGlobal("fetch", async (_path: string, init?: RequestInit) => {
      const first = `data: ${JSON.stringify({ type: "token", index: 0, token: FOUR_TOKENS[0] })}\n\n`;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(first));
          init?.signal?.addEventListener("abort", () =>
            controller.error(new DOMException("aborted", "AbortError")),
          );
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    render(<GeneratePanel model="fake-model" />);
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    await waitFor(() => expect(tokenTexts()).toEqual(["Once"]));
    expect(screen.getByText(/generating…/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Stop" })).toBeNull());
    expect(tokenTexts()).toEqual(["Once"]);
    expect(screen.getByText(/1 token, stopped/)).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect((screen.getByRole("button", { name: "Generate" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("sends chat messages in chat mode", async () => {
    const server = fakeFetch({ "/v1/generate": () => ({ events: generationEvents(FOUR_TOKENS) }) });
    vi.stubGlobal("fetch", server.fetch);
    render(<GeneratePanel model="fake-model" />);
    fireEvent.click(screen.getByLabelText("chat"));
    fireEvent.change(screen.getByLabelText("System message (optional)"), { target: { value: "Be brief." } });
    fireEvent.change(screen.getByLabelText("Prompt"), { target: { value: "Hi" } });
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    await waitFor(() => expect(server.requests).toHaveLength(1));
    expect(server.requests[0]?.body).toMatchObject({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
    });
  });

  it("shows a bad setting next to its field and sends nothing", () => {
    const server = fakeFetch({});
    vi.stubGlobal("fetch", server.fetch);
    render(<GeneratePanel model="fake-model" />);
    fireEvent.change(screen.getByLabelText("Top-p"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    expect(screen.getByText("Top-p is 2; it must be a number above 0 up to 1")).toBeTruthy();
    expect(screen.getByLabelText("Top-p").getAttribute("aria-invalid")).toBe("true");
    expect(server.requests).toHaveLength(0);
  });

  it("shows the server's error in place", async () => {
    const server = fakeFetch({
      "/v1/generate": () => ({
        json: {
          error: { message: "max_tokens is too large", type: "invalid_request_error", param: "max_tokens" },
        },
        status: 400,
      }),
    });
    vi.stubGlobal("fetch", server.fetch);
    render(<GeneratePanel model="fake-model" />);
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("max_tokens is too large");
    expect(alert.textContent).toContain("field: max_tokens");
    expect(screen.getByRole("button", { name: "Generate" })).toBeTruthy();
  });
});
