/**
 * The branch tree as nested lists: the original generation at the root, each branch named by the
 * position and the token forced there. Clicking a branch shows it.
 */
import { type BranchNode, type BranchTree, childrenOf, nodeById } from "../lib/branch-tree.js";
import { tokenLabel } from "../lib/visible-whitespace.js";

/** Props of {@link BranchTreeView}. */
export interface BranchTreeViewProps {
  tree: BranchTree;
  onSelect: (id: number) => void;
}

/** Label of one branch: "Original" or "at token 4: “cat”", with its status when not done. */
export function branchLabel(node: BranchNode): string {
  const base =
    node.at === null || node.forced === null
      ? "Original"
      : `at token ${node.at + 1}: ${tokenLabel(node.forced.token, node.forced.bytes)}`;
  const status = node.status === "done" ? "" : ` (${node.status === "streaming" ? "running…" : node.status})`;
  return base + status;
}

function Branch({
  tree,
  node,
  onSelect,
}: {
  tree: BranchTree;
  node: BranchNode;
  onSelect: (id: number) => void;
}) {
  const children = childrenOf(tree, node.id);
  const current = tree.currentId === node.id;
  return (
    <li>
      <button
        type="button"
        className={current ? "branch-button branch-current" : "branch-button"}
        aria-current={current ? "true" : undefined}
        data-branch-id={node.id}
        onClick={() => onSelect(node.id)}
      >
        {branchLabel(node)}
      </button>
      {children.length > 0 ? (
        <ul>
          {children.map((child) => (
            <Branch key={child.id} tree={tree} node={child} onSelect={onSelect} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The tree (rendered only once there is more than the original). */
export function BranchTreeView({ tree, onSelect }: BranchTreeViewProps) {
  if (tree.nodes.length < 2) return null;
  return (
    <nav className="branch-tree" aria-label="Branches">
      <h3>Branches</h3>
      <ul>
        <Branch tree={tree} node={nodeById(tree, 0)} onSelect={onSelect} />
      </ul>
    </nav>
  );
}
