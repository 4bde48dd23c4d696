import { describe, expect, it } from "vitest";
import { FOUR_TOKENS } from "../test-support/fixtures.js";
import {
  addBranch,
  branchTokenIds,
  childrenOf,
  createTree,
  depthOf,
  nodeById,
  selectBranch,
  setToken,
  updateNode,
} from "./branch-tree.js";

function rootWithTokens() {
  let tree = createTree();
  FOUR_TOKENS.forEach((token, index) => {
    tree = setToken(tree, 0, index, token);
  });
  return updateNode(tree, 0, { status: "done" });
}

describe("branch tree", () => {
  it("fills the root as tokens stream in, in any order", () => {
    let tree = createTree();
    tree = setToken(tree, 0, 1, FOUR_TOKENS[1]!);
    tree = setToken(tree, 0, 0, FOUR_TOKENS[0]!);
    expect(nodeById(tree, 0).tokens.map((token) => token.token)).toEqual(["Once", " upon"]);
  });

  it("asks the server for the kept prefix ids and the forced id", () => {
    const tree = rootWithTokens();
    // Branch at position 1 with " there" (id 20): keep token 0 (id 10), force 20.
    const alternative = FOUR_TOKENS[1]!.top[0]!;
    expect(branchTokenIds(tree, 0, 1, alternative)).toEqual({ prefixTokens: [10], forcedToken: 20 });
    expect(branchTokenIds(tree, 0, 0, FOUR_TOKENS[0]!.top[1]!)).toEqual({
      prefixTokens: [],
      forcedToken: 11,
    });
  });

  it("refuses to branch without token ids or outside the branch", () => {
    const tree = rootWithTokens();
    expect(() => branchTokenIds(tree, 0, 1, { token: "x", logprob: -1 })).toThrow(/has no token id/);
    expect(() => branchTokenIds(tree, 0, 9, FOUR_TOKENS[0]!.top[0]!)).toThrow(/outside branch 0/);
    const noIds = setToken(tree, 0, 0, { ...FOUR_TOKENS[0]!, id: undefined } as never);
    expect(() => branchTokenIds(noIds, 0, 1, FOUR_TOKENS[1]!.top[0]!)).toThrow(/token 0 has no id/);
  });

  it("keeps branches as a tree the user can switch between", () => {
    const root = rootWithTokens();
    const first = addBranch(root, 0, 1, FOUR_TOKENS[1]!.top[0]!);
    expect(first.id).toBe(1);
    expect(first.tree.currentId).toBe(1);
    // The child starts with the parent's tokens before the branch point.
    expect(nodeById(first.tree, 1).tokens.map((token) => token.token)).toEqual(["Once"]);
    const second = addBranch(first.tree, 1, 0, FOUR_TOKENS[0]!.top[1]!);
    const sibling = addBranch(second.tree, 0, 3, FOUR_TOKENS[3]!.top[0]!);
    const tree = sibling.tree;
    expect(childrenOf(tree, 0).map((node) => node.id)).toEqual([1, 3]);
    expect(childrenOf(tree, 1).map((node) => node.id)).toEqual([2]);
    expect([0, 1, 2, 3].map((id) => depthOf(tree, id))).toEqual([0, 1, 2, 1]);
    expect(selectBranch(tree, 0).currentId).toBe(0);
    expect(() => selectBranch(tree, 7)).toThrow(/no branch 7/);
    // The original is untouched by branching.
    expect(nodeById(tree, 0).tokens).toHaveLength(4);
  });
});
