/**
 * Whole-sequence summary: perplexity, mean and min logprob, bits per byte, the least confident
 * tokens (click to select), and an abstention verdict under a threshold the user moves.
 * Every number comes from core (`summarizeSequence`, `decideAbstention`).
 */
import { memo, useId } from "react";
import type { TokenLogprob } from "../../../src/core/index.js";
import {
  type AbstentionPolicy,
  decideAbstention,
  formatPosition,
  summarizeSequence,
} from "../../../src/core/index.js";
import { abstentionSentence } from "../lib/abstention-text.js";
import { formatLogprob, formatProbability, formatQuantity } from "../lib/format.js";
import { leastConfidentTokens } from "../lib/least-confident.js";
import { tokenLabel } from "../lib/visible-whitespace.js";

/** Which measure the abstention threshold applies to. */
export type PolicyKind = AbstentionPolicy["kind"];

/** Props of {@link SummaryPanel}. */
export interface SummaryPanelProps {
  tokens: readonly TokenLogprob[];
  /** Threshold as a probability in (0, 1). */
  threshold: number;
  onThresholdChange: (threshold: number) => void;
  policy: PolicyKind;
  onPolicyChange: (policy: PolicyKind) => void;
  onSelect: (index: number) => void;
}

/**
 * The core abstention policy for a probability threshold: `min-token-prob` and
 * `joint-probability` take it as is; `mean-logprob` takes `ln threshold`, i.e. it asks whether the
 * geometric-mean token probability is below the threshold.
 */
export function abstentionPolicy(kind: PolicyKind, threshold: number): AbstentionPolicy {
  return { kind, threshold: kind === "mean-logprob" ? Math.log(threshold) : threshold };
}

const POLICY_LABELS: Record<PolicyKind, string> = {
  "min-token-prob": "least probable token",
  "mean-logprob": "typical token (geometric mean)",
  "joint-probability": "whole sequence (joint)",
};

/** The summary panel (see module comment); memoised, since hovering tokens does not change it. */
export const SummaryPanel = memo(function SummaryPanel(props: SummaryPanelProps) {
  const { tokens, threshold, onThresholdChange, policy, onPolicyChange, onSelect } = props;
  const id = useId();
  const summary = summarizeSequence(tokens);
  const decision = decideAbstention(tokens, abstentionPolicy(policy, threshold));
  const least = leastConfidentTokens(tokens, 5);
  return (
    <section className="summary" aria-labelledby={`${id}-title`} data-testid="summary">
      <h3 id={`${id}-title`}>Summary</h3>
      <dl className="stats summary-stats">
        <dt>Scored tokens</dt>
        <dd data-field="token-count">{summary.tokenCount}</dd>
        <dt>Perplexity</dt>
        <dd data-field="perplexity">{formatQuantity(summary.perplexity)}</dd>
        <dt>Mean logprob</dt>
        <dd data-field="mean-logprob">{formatLogprob(summary.meanLogprob)} nats</dd>
        <dt>Min logprob</dt>
        <dd data-field="min-logprob">
          {formatLogprob(summary.minLogprob)} nats
          {summary.leastConfident ? ` at ${tokenLabel(summary.leastConfident.token)}` : ""}
        </dd>
        <dt>Bits per byte</dt>
        <dd data-field="bits-per-byte">{formatQuantity(summary.bitsPerByte)}</dd>
        {summary.meanEntropy !== undefined ? (
          <>
            <dt>Mean entropy</dt>
            <dd data-field="mean-entropy">{formatQuantity(summary.meanEntropy)} nats</dd>
          </>
        ) : null}
      </dl>
      {least.length > 0 ? (
        <>
          <h4>Least confident tokens</h4>
          <ol className="least-confident">
            {least.map((entry) => (
              <li key={entry.index}>
                <button type="button" className="link-button" onClick={() => onSelect(entry.index)}>
                  {tokenLabel(entry.token.token, entry.token.bytes)}
                </button>{" "}
                <span className="muted">
                  {formatPosition(entry.index)}, {formatProbability(Math.exp(entry.logprob))}
                </span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <h4>Abstention</h4>
      <div className="abstention-controls">
        <label htmlFor={`${id}-policy`}>Judge by</label>
        <select
          id={`${id}-policy`}
          value={policy}
          onChange={(event) => onPolicyChange(event.target.value as PolicyKind)}
        >
          {(Object.keys(POLICY_LABELS) as PolicyKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {POLICY_LABELS[kind]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-threshold`}>Threshold: {formatProbability(threshold)}</label>
        <input
          id={`${id}-threshold`}
          type="range"
          min={1}
          max={99}
          step={1}
          value={Math.round(threshold * 100)}
          onChange={(event) => onThresholdChange(Number(event.target.value) / 100)}
        />
      </div>
      <p
        className={decision.abstain ? "verdict verdict-abstain" : "verdict verdict-answer"}
        data-testid="abstention-verdict"
        data-abstain={String(decision.abstain)}
      >
        <strong>{decision.abstain ? "Abstain: not sure." : "Confident enough to answer."}</strong>{" "}
        {abstentionSentence(decision, tokens)}
      </p>
    </section>
  );
});
