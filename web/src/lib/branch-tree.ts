/**
 * The branch tree of a generation: the first run is the root; choosing an alternative at some
 * position of a node makes a child that keeps that node's tokens before the position, forces the
 * alternative there, and continues. Immutable: every operation returns a new tree.
 */
import type { GenerateResult, TokenLogprob, TopAlternative } from "../../../src/core/index.js";

/** State of one branch's generation. */
export type BranchStatus = "streaming" | "done" | "error" | "cancelled";

/** One branch (node) of the tree. */
export interface BranchNode {
  id: number;
  /** Parent branch, `null` for the root. */
  parentId: number | null;
  /** Token position of the forced token, `null` for the root. */
  at: number | null;
  /** The alternative forced at `at`, `null` for the root. */
  forced: TopAlternative | null;
  /** Tokens of the branch so far: for a child, the parent's first `at` tokens, then its own. */
  tokens: TokenLogprob[];
  status: BranchStatus;
  /** The final result once generation finished. */
  result?: GenerateResult;
}

/** The tree and which branch is shown. */
export interface BranchTree {
  nodes: readonly BranchNode[];
  currentId: number;
}

/** A tree with only the root branch (its tokens arrive later through {@link setTokens}). */
export function createTree(): BranchTree {
  return {
    nodes: [{ id: 0, parentId: null, at: null, forced: null, tokens: [], status: "streaming" }],
    currentId: 0,
  };
}

/** The node with this id (throws on an unknown id: a programming error). */
export function nodeById(tree: BranchTree, id: number): BranchNode {
  const node = tree.nodes.find((candidate) => candidate.id === id);
  if (!node) throw new Error(`no branch ${id}`);
  return node;
}

/** Children of a node, in creation order. */
export function childrenOf(tree: BranchTree, id: number): BranchNode[] {
  return tree.nodes.filter((node) => node.parentId === id);
}

/** Replaces fields of one node. */
export function updateNode(tree: BranchTree, id: number, patch: Partial<Omit<BranchNode, "id">>): BranchTree {
  return { ...tree, nodes: tree.nodes.map((node) => (node.id === id ? { ...node, ...patch } : node)) };
}

/** Sets the token at `index` of a node (streaming), growing the list as needed. */
export function setToken(tree: BranchTree, id: number, index: number, token: TokenLogprob): BranchTree {
  const node = nodeById(tree, id);
  const tokens = node.tokens.slice(0, Math.max(node.tokens.length, index + 1));
  tokens[index] = token;
  return updateNode(tree, id, { tokens });
}

/** Shows another branch. */
export function selectBranch(tree: BranchTree, id: number): BranchTree {
  nodeById(tree, id);
  return { ...tree, currentId: id };
}

/**
 * What the server needs to branch from `parentId` at `at` with `alternative` forced: the ids of the
 * parent's tokens before `at` and the forced id. Throws when an id is missing (a source that gives
 * no token ids cannot branch).
 */
export function branchTokenIds(
  tree: BranchTree,
  parentId: number,
  at: number,
  alternative: TopAlternative,
): { prefixTokens: number[]; forcedToken: number } {
  const parent = nodeById(tree, parentId);
  if (at < 0 || at >= parent.tokens.length) throw new Error(`position ${at} is outside branch ${parentId}`);
  const prefixTokens = parent.tokens.slice(0, at).map((token, index) => {
    if (token.id === undefined) throw new Error(`token ${index} has no id, so the server cannot keep it`);
    return token.id;
  });
  if (alternative.id === undefined) throw new Error(`the alternative “${alternative.token}” has no token id`);
  return { prefixTokens, forcedToken: alternative.id };
}

/**
 * Adds a child of `parentId` branching at `at` with `alternative` forced, pre-filled with the
 * parent's tokens before `at`, and makes it current. Returns the new tree and the child's id.
 */
export function addBranch(
  tree: BranchTree,
  parentId: number,
  at: number,
  alternative: TopAlternative,
): { tree: BranchTree; id: number } {
  const parent = nodeById(tree, parentId);
  const id = Math.max(...tree.nodes.map((node) => node.id)) + 1;
  const child: BranchNode = {
    id,
    parentId,
    at,
    forced: alternative,
    tokens: parent.tokens.slice(0, at),
    status: "streaming",
  };
  return { tree: { nodes: [...tree.nodes, child], currentId: id }, id };
}

/** Depth of a node (root = 0). */
export function depthOf(tree: BranchTree, id: number): number {
  let depth = 0;
  let node = nodeById(tree, id);
  while (node.parentId !== null) {
    node = nodeById(tree, node.parentId);
    depth++;
  }
  return depth;
}
