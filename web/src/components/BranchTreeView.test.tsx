// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addBranch, createTree, setToken, updateNode } from "../lib/branch-tree.js";
import { FOUR_TOKENS } from "../test-support/fixtures.js";
import { BranchTreeView } from "./BranchTreeView.js";

afterEach(cleanup);

describe("BranchTreeView", () => {
  it("renders nothing until there is a branch", () => {
    const { container } = render(<BranchTreeView tree={createTree()} onSelect={() => {}} />);
    expect(container.textContent).toBe("");
  });

  it("nests branches under their parent, marks the current one and switches on click", () => {
    let tree = createTree();
    FOUR_TOKENS.forEach((token, index) => {
      tree = setToken(tree, 0, index, token);
    });
    tree = updateNode(tree, 0, { status: "done" });
    const first = addBranch(tree, 0, 1, FOUR_TOKENS[1]!.top[0]!);
    const second = addBranch(updateNode(first.tree, 1, { status: "done" }), 1, 0, FOUR_TOKENS[0]!.top[1]!);
    const onSelect = vi.fn();
    render(<BranchTreeView tree={second.tree} onSelect={onSelect} />);
    const nav = screen.getByRole("navigation", { name: "Branches" });
    const buttons = [...nav.querySelectorAll("button")];
    expect(buttons.map((button) => button.textContent)).toEqual([
      "Original",
      "at token 2: “·there”",
      "at token 1: “One” (running…)",
    ]);
    // Depth: the second branch sits in a list inside the first branch's item.
    expect(buttons[2]!.closest("li")!.parentElement!.closest("li")).toBe(buttons[1]!.closest("li"));
    expect(buttons[2]!.getAttribute("aria-current")).toBe("true");
    fireEvent.click(buttons[0]!);
    expect(onSelect).toHaveBeenCalledWith(0);
  });
});
