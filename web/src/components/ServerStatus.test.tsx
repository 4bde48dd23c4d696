// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { analyzeContentType, postJson } from "../api/client.js";
import { ServerStatus, useServerInfo } from "./ServerStatus.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

/** A server locked with `key`: 401 in the server's error shape unless the bearer key matches. */
function lockedServer(key: string) {
  const seen: (string | null)[] = [];
  const fetch = async (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const authorization = new Headers(init?.headers).get("authorization");
    seen.push(authorization);
    if (authorization !== `Bearer ${key}`) {
      const error = {
        message: "Incorrect API key provided",
        type: "invalid_request_error",
        code: "invalid_api_key",
      };
      return new Response(JSON.stringify({ error }), { status: 401 });
    }
    return new Response(JSON.stringify({ data: [{ id: "stories260K" }], ok: true }), { status: 200 });
  };
  return { fetch, seen };
}

function Status() {
  return <ServerStatus info={useServerInfo()} />;
}

describe("API key in the page", () => {
  it("asks for the key on 401, keeps it for the session and sends it on every call", async () => {
    const server = lockedServer("s3cret");
    vi.stubGlobal("fetch", server.fetch);
    render(<Status />);
    await waitFor(() => expect(screen.getByText(/needs an API key/)).toBeTruthy());
    expect(server.seen).toEqual([null]);
    fireEvent.change(screen.getByLabelText(/API key/), { target: { value: "wrong" } });
    fireEvent.click(screen.getByRole("button", { name: "Use key" }));
    await waitFor(() => expect(screen.getByText(/refused the key/)).toBeTruthy());
    fireEvent.change(screen.getByLabelText(/API key/), { target: { value: " s3cret " } });
    fireEvent.click(screen.getByRole("button", { name: "Use key" }));
    await waitFor(() => expect(screen.getByText("stories260K")).toBeTruthy());
    expect(server.seen).toEqual([null, "Bearer wrong", "Bearer s3cret"]);
    expect(sessionStorage.getItem("logprobe.apiKey")).toBe("s3cret");
    // Later calls (any route) carry it too.
    await postJson("/v1/score", { input: "x" });
    expect(server.seen.at(-1)).toBe("Bearer s3cret");
  });

  it("sends analyze inputs with a content type the server accepts (never text/plain)", () => {
    expect(analyzeContentType('{"choices":[]}')).toBe("application/json");
    expect(analyzeContentType('data: {"a":1}\n\ndata: [DONE]\n')).toBe("text/event-stream");
    expect(analyzeContentType('{"a":1}\n{"b":2}\n')).toBe("application/x-ndjson");
  });
});
