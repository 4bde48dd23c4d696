/**
 * The token heatmap: every token is a button coloured by probability or rank, with its real
 * values in `data-token-index`, `data-logprob` and `data-prob`. Whitespace is shown visibly and
 * newlines also break the line. Keyboard: one tab stop (roving focus); arrows, Home and End move
 * between tokens, Enter or Space pins, Escape unpins. Hover or focus previews a token. A character
 * whose UTF-8 bytes span several tokens (emoji, CJK on byte-level BPE vocabularies) is drawn once,
 * over small buttons of its byte pieces, in the colour of its joint probability.
 */
import { type KeyboardEvent, useRef, useState } from "react";
import { characterSegments, formatPosition, type TokenLogprob } from "../../../src/core/index.js";
import { formatProbability } from "../lib/format.js";
import { probabilityColor } from "../lib/probability-colors.js";
import { type ColorMode, tokenColor, tokenProbability } from "../lib/token-colors.js";
import { newlineCount, tokenLabel, visibleTokenText } from "../lib/visible-whitespace.js";

/** Props of {@link TokenStrip}. */
export interface TokenStripProps {
  tokens: readonly TokenLogprob[];
  mode: ColorMode;
  /** Token shown in the inspector (highlighted). */
  selectedIndex: number | null;
  pinnedIndex: number | null;
  /** Called with the hovered or focused token, and `null` when the pointer or focus leaves. */
  onPreview: (index: number | null) => void;
  /** Called to pin a token (`null` unpins). */
  onPin: (index: number | null) => void;
  /** Accessible name of the strip. */
  label: string;
}

/** The token heatmap (see module comment). */
export function TokenStrip(props: TokenStripProps) {
  const { tokens, mode, selectedIndex, pinnedIndex, onPreview, onPin, label } = props;
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const tabIndex = Math.min(pinnedIndex ?? focusIndex, Math.max(0, tokens.length - 1));

  const move = (index: number) => {
    const target = Math.max(0, Math.min(tokens.length - 1, index));
    setFocusIndex(target);
    buttons.current[target]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    let target: number | null = null;
    switch (event.key) {
      case "ArrowRight":
      case "ArrowDown":
        target = index + 1;
        break;
      case "ArrowLeft":
      case "ArrowUp":
        target = index - 1;
        break;
      case "Home":
        target = 0;
        break;
      case "End":
        target = tokens.length - 1;
        break;
      case "Escape":
        event.preventDefault();
        onPin(null);
        return;
      default:
        return;
    }
    event.preventDefault();
    move(target);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of token buttons, not form fields
    <div
      className="token-strip"
      role="group"
      aria-label={label}
      onMouseLeave={() => onPreview(null)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onPreview(null);
      }}
    >
      {splitGroups(tokens).map((group) => {
        if (group.kind === "character") {
          const probability = group.logprob === null ? null : Math.exp(group.logprob);
          return (
            <span
              key={`split-${group.first}`}
              className="split-char"
              data-split-first={group.first}
              data-split-last={group.last}
              title={`${group.text}: one character whose bytes span tokens ${formatPosition(group.first)} to ${formatPosition(group.last)}; probability ${probability === null ? "unknown" : formatProbability(probability)}`}
            >
              <span className="split-glyph" style={{ backgroundColor: probabilityColor(probability) }}>
                {visibleTokenText(group.text)}
              </span>
              <span className="split-pieces">{group.indexes.map((index) => renderToken(index))}</span>
            </span>
          );
        }
        return renderToken(group.index);
      })}
    </div>
  );

  function renderToken(index: number) {
    // A token is identified by its position (the key).
    {
      const token = tokens[index]!;
      const probability = tokenProbability(token);
      const breaks = newlineCount(token.token);
      const classes = ["token"];
      if (index === selectedIndex) classes.push("token-selected");
      if (index === pinnedIndex) classes.push("token-pinned");
      if (token.prompt) classes.push("token-prompt");
      return (
        <span key={index} className="token-cell">
          <button
            type="button"
            ref={(element) => {
              buttons.current[index] = element;
            }}
            className={classes.join(" ")}
            style={{ backgroundColor: tokenColor(token, mode) }}
            data-token-index={index}
            data-logprob={token.logprob === null ? "" : String(token.logprob)}
            data-prob={probability === null ? "" : String(probability)}
            tabIndex={index === tabIndex ? 0 : -1}
            aria-pressed={index === pinnedIndex}
            aria-label={`token ${formatPosition(index)} ${tokenLabel(token.token, token.bytes)}, probability ${
              probability === null ? "unknown" : formatProbability(probability)
            }`}
            onMouseEnter={() => onPreview(index)}
            onFocus={() => {
              setFocusIndex(index);
              onPreview(index);
            }}
            onClick={() => onPin(index === pinnedIndex ? null : index)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {visibleTokenText(token.token, token.bytes)}
          </button>
          {Array.from({ length: breaks }, (_, line) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the breaks of one token never reorder
            <br key={line} />
          ))}
        </span>
      );
    }
  }
}

/** A token drawn on its own, or a character whose bytes span several tokens (drawn once over them). */
type StripGroup =
  | { kind: "token"; index: number }
  | {
      kind: "character";
      text: string;
      first: number;
      last: number;
      logprob: number | null;
      indexes: number[];
    };

/**
 * The strip's groups, in order: core's `characterSegments` says which characters span tokens;
 * each such character is drawn once over the tokens that hold its bytes. Cost: O(bytes).
 */
export function splitGroups(tokens: readonly TokenLogprob[]): StripGroup[] {
  const spanOf = new Map<number, { text: string; first: number; last: number; logprob: number | null }>();
  for (const segment of characterSegments(tokens)) {
    if (segment.first === segment.last) continue;
    for (let index = segment.first; index <= segment.last; index++) spanOf.set(index, segment);
  }
  const groups: StripGroup[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const span = spanOf.get(index);
    if (!span) {
      groups.push({ kind: "token", index });
      continue;
    }
    const indexes: number[] = [];
    for (let inside = span.first; inside <= span.last; inside++) indexes.push(inside);
    groups.push({ kind: "character", ...span, indexes });
    index = span.last;
  }
  return groups;
}
