// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorBoundary } from "./ErrorBoundary.js";

afterEach(cleanup);

let shouldThrow = true;
function Fragile() {
  const [label] = useState("fine now");
  if (shouldThrow) throw new Error("token list is broken");
  return <p>{label}</p>;
}

describe("ErrorBoundary", () => {
  it("shows what broke instead of a blank page, and can try again", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    shouldThrow = true;
    render(
      <ErrorBoundary area="the Score view">
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("alert").textContent).toContain(
      "Something went wrong in the Score view: token list is broken",
    );
    shouldThrow = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("fine now")).toBeTruthy();
    log.mockRestore();
  });
});
