/**
 * Horizontal bar chart of the top alternatives at one position: one row per alternative with its
 * probability as bar length. The chosen token is marked; when branching is possible each
 * alternative other than the chosen one is a button that regenerates with it forced.
 */
import type { TokenLogprob, TopAlternative } from "../../../src/core/index.js";
import { formatLogprob, formatProbability } from "../lib/format.js";
import { tokenLabel } from "../lib/visible-whitespace.js";

/** Props of {@link AlternativeBars}. */
export interface AlternativeBarsProps {
  token: TokenLogprob;
  /** Called with an alternative to branch on; absent when this view cannot branch. */
  onChoose?: (alternative: TopAlternative) => void;
  /** Disables the branch buttons (e.g. while a generation is running). */
  busy?: boolean;
}

function isChosen(token: TokenLogprob, alternative: TopAlternative): boolean {
  return token.id !== undefined && alternative.id !== undefined
    ? token.id === alternative.id
    : token.token === alternative.token;
}

/** The alternatives bar chart (see module comment). */
export function AlternativeBars({ token, onChoose, busy = false }: AlternativeBarsProps) {
  if (token.top.length === 0) return <p className="muted">No alternatives were returned for this token.</p>;
  return (
    <ol className="alternative-bars" aria-label="Top alternatives">
      {token.top.map((alternative, index) => {
        const probability = Math.exp(alternative.logprob);
        const chosen = isChosen(token, alternative);
        const label = tokenLabel(alternative.token, alternative.bytes);
        const canBranch = onChoose !== undefined && !chosen && alternative.id !== undefined;
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: alternatives are a fixed ranked list
            key={index}
            className={chosen ? "alternative alternative-chosen" : "alternative"}
            data-alternative-index={index}
            data-logprob={String(alternative.logprob)}
            data-prob={String(probability)}
          >
            <span className="alternative-text">
              {canBranch ? (
                <button
                  type="button"
                  className="link-button"
                  disabled={busy}
                  onClick={() => onChoose(alternative)}
                  aria-label={`Branch: regenerate with ${label} here`}
                  title="Regenerate from here with this token"
                >
                  {label}
                </button>
              ) : (
                <span>{label}</span>
              )}
              {chosen ? <span className="chosen-mark"> (chosen)</span> : null}
            </span>
            <span className="alternative-bar-track" aria-hidden="true">
              <span className="alternative-bar" style={{ width: `${Math.max(probability * 100, 0.5)}%` }} />
            </span>
            <span className="alternative-value" title={`logprob ${formatLogprob(alternative.logprob)}`}>
              {formatProbability(probability)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
