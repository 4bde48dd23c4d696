/**
 * Generate: the prompt form, the streamed tokens of the shown branch, the branch tree, and
 * export. Tokens stream in over Server-Sent Events from `POST /v1/generate`; choosing an
 * alternative in the inspector starts `POST /v1/branch` with the kept prefix and the forced token.
 */
import { useState } from "react";
import type { GenerateResult, ModelCapabilities, TopAlternative } from "../../../src/core/index.js";
import { type GenerateSettings, generateBody, type PromptInput, streamGenerate } from "../api/client.js";
import {
  addBranch,
  type BranchTree,
  branchTokenIds,
  createTree,
  nodeById,
  selectBranch,
  setToken,
  updateNode,
} from "../lib/branch-tree.js";
import type { ColorMode } from "../lib/token-colors.js";
import { useRequest } from "../lib/use-request.js";
import { BranchTreeView } from "./BranchTreeView.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { ExportButton } from "./ExportButton.js";
import { PromptForm } from "./PromptForm.js";
import { SequenceView } from "./SequenceView.js";

interface Request {
  input: PromptInput;
  settings: GenerateSettings;
}

/** The Generate panel (see module comment). */
export function GeneratePanel({
  model,
  capabilities,
}: {
  model: string;
  /** What the served model can do; `branching: false` hides the branch buttons. */
  capabilities?: ModelCapabilities | undefined;
}) {
  const canBranch = capabilities?.branching !== false;
  const [tree, setTree] = useState<BranchTree | null>(null);
  const [request, setRequest] = useState<Request | null>(null);
  const [mode, setMode] = useState<ColorMode>("probability");
  const { error, running, setError, run: runRequest, abort } = useRequest<GenerateResult>();

  const run = async (path: string, body: Record<string, unknown>, nodeId: number): Promise<void> => {
    const outcome = await runRequest((signal) =>
      streamGenerate(
        path,
        body,
        (event) => {
          if (event.type === "token")
            setTree((current) => current && setToken(current, nodeId, event.index, event.token));
        },
        signal,
      ),
    );
    const update =
      outcome.status === "done"
        ? { tokens: outcome.value.sequence.tokens, status: "done" as const, result: outcome.value }
        : { status: outcome.status === "cancelled" ? ("cancelled" as const) : ("error" as const) };
    setTree((current) => current && updateNode(current, nodeId, update));
  };

  const generate = (input: PromptInput, settings: GenerateSettings) => {
    setRequest({ input, settings });
    setTree(createTree());
    void run("/v1/generate", generateBody(input, settings), 0);
  };

  const branch = (at: number, alternative: TopAlternative) => {
    if (!tree || !request || running) return;
    let ids: { prefixTokens: number[]; forcedToken: number };
    try {
      ids = branchTokenIds(tree, tree.currentId, at, alternative);
    } catch (caught) {
      setError(caught);
      return;
    }
    const added = addBranch(tree, tree.currentId, at, alternative);
    setTree(added.tree);
    void run(
      "/v1/branch",
      {
        ...generateBody(request.input, request.settings),
        prefix_tokens: ids.prefixTokens,
        forced_token: ids.forcedToken,
      },
      added.id,
    );
  };

  const current = tree ? nodeById(tree, tree.currentId) : undefined;
  return (
    <div className="panel-body">
      <PromptForm running={running} onGenerate={generate} onStop={abort} capabilities={capabilities} />
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {tree && current ? (
        <section className="result" aria-label="Generated text">
          <div className="result-head">
            <h2>Output</h2>
            <span className="muted" aria-live="polite">
              {current.tokens.length} token{current.tokens.length === 1 ? "" : "s"}
              {current.status === "streaming" ? ", generating…" : ""}
              {current.status === "cancelled" ? ", stopped" : ""}
              {current.result ? `, finished: ${current.result.finishReason}` : ""}
            </span>
            <ExportButton
              sequence={current.result?.sequence}
              model={current.result?.model ?? model}
              {...(current.result ? { finishReason: current.result.finishReason } : {})}
              fileStem="logprobe-generate"
            />
          </div>
          {current.result && current.result.warnings.length > 0 ? (
            <ul className="warnings">
              {current.result.warnings.map((warning) => (
                <li key={`${warning.code}-${warning.field ?? ""}`}>{warning.message}</li>
              ))}
            </ul>
          ) : null}
          <BranchTreeView tree={tree} onSelect={(id) => setTree(selectBranch(tree, id))} />
          <SequenceView
            key={current.id}
            tokens={current.tokens}
            label="Generated tokens"
            mode={mode}
            onModeChange={setMode}
            {...(current.at !== null ? { initialPinned: current.at } : {})}
            {...(canBranch ? { onChoose: branch } : {})}
            busy={running}
            branchNote={
              !canBranch
                ? "The served model cannot branch (continue from a forced token)."
                : running
                  ? "Branching is possible once the current generation ends."
                  : "Choose an alternative to regenerate from that point with it forced."
            }
          />
        </section>
      ) : null}
    </div>
  );
}
