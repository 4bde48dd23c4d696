/**
 * Details of one token (`data-testid="alternatives"`): probability, logprob, surprisal, rank,
 * entropy (every log quantity in nats, core's one unit policy) and the top alternatives as a bar
 * chart, with branch buttons when the view can branch.
 */
import { formatPosition, type TokenLogprob, type TopAlternative } from "../../../src/core/index.js";
import { formatLogprob, formatProbability, formatQuantity } from "../lib/format.js";
import { formatRank, rankInfo } from "../lib/rank-buckets.js";
import { tokenEntropy } from "../lib/token-entropy.js";
import { tokenLabel } from "../lib/visible-whitespace.js";
import { AlternativeBars } from "./AlternativeBars.js";

/** Props of {@link TokenInspector}. */
export interface TokenInspectorProps {
  token: TokenLogprob | undefined;
  index: number | null;
  pinned: boolean;
  onUnpin: () => void;
  onChoose?: (index: number, alternative: TopAlternative) => void;
  busy?: boolean;
  /** Why branching is not offered, shown under the chart. */
  branchNote?: string;
}

/** The token inspector (see module comment). */
export function TokenInspector(props: TokenInspectorProps) {
  const { token, index, pinned, onUnpin, onChoose, busy, branchNote } = props;
  if (token === undefined || index === null) {
    return (
      <aside className="inspector" data-testid="alternatives" aria-label="Token details">
        <p className="muted">Hover, focus or click a token to see its probability and alternatives.</p>
      </aside>
    );
  }
  const entropy = tokenEntropy(token);
  const probability = token.logprob === null ? null : Math.exp(token.logprob);
  return (
    <aside className="inspector" data-testid="alternatives" aria-label="Token details" aria-live="polite">
      <div className="inspector-head">
        <h3>
          Token {formatPosition(index)} <code>{tokenLabel(token.token, token.bytes)}</code>
        </h3>
        {pinned ? (
          <button type="button" className="small-button" onClick={onUnpin}>
            Unpin
          </button>
        ) : null}
      </div>
      <dl className="stats">
        <dt>Probability</dt>
        <dd data-field="probability">{probability === null ? "unknown" : formatProbability(probability)}</dd>
        <dt>Logprob</dt>
        <dd data-field="logprob">
          {token.logprob === null ? "n/a (unconditioned)" : `${formatLogprob(token.logprob)} nats`}
        </dd>
        <dt>Surprisal</dt>
        <dd data-field="surprisal">
          {token.logprob === null ? "unknown" : `${formatLogprob(-token.logprob)} nats`}
        </dd>
        <dt>Bytes</dt>
        <dd data-field="bytes">
          {token.bytes.length === 0
            ? "unknown"
            : token.bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, "0")).join(" ")}
        </dd>
        <dt>Rank</dt>
        <dd data-field="rank">{formatRank(rankInfo(token))}</dd>
        <dt>Entropy</dt>
        <dd data-field="entropy">
          {entropy === undefined
            ? "unknown"
            : "exact" in entropy
              ? `${formatQuantity(entropy.exact)} nats`
              : `≥ ${formatQuantity(entropy.atLeast)} nats (top-k only)`}
        </dd>
      </dl>
      <h4>Top alternatives</h4>
      <AlternativeBars
        token={token}
        {...(onChoose ? { onChoose: (alternative: TopAlternative) => onChoose(index, alternative) } : {})}
        {...(busy !== undefined ? { busy } : {})}
      />
      {branchNote ? <p className="muted small">{branchNote}</p> : null}
    </aside>
  );
}
