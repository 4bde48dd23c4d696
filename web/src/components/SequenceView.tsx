/**
 * Everything shown for one token sequence: the coloured token strip with its legend, the token
 * inspector, the probability/entropy chart and the summary. Used by Generate, Score and Import.
 * Selection: hovering or focusing a token previews it; clicking pins it; with nothing previewed
 * the inspector shows the pinned token, else the last one previewed.
 */
import { type ReactNode, useCallback, useMemo, useState } from "react";
import type { TokenLogprob, TopAlternative } from "../../../src/core/index.js";
import { ambiguityPoints, lowConfidenceSpans } from "../../../src/core/index.js";
import type { ColorMode } from "../lib/token-colors.js";
import { ColorLegend } from "./ColorLegend.js";
import { SequenceChart } from "./SequenceChart.js";
import { type PolicyKind, SummaryPanel } from "./SummaryPanel.js";
import { TokenInspector } from "./TokenInspector.js";
import { TokenStrip } from "./TokenStrip.js";

/** Props of {@link SequenceView}. */
export interface SequenceViewProps {
  tokens: readonly TokenLogprob[];
  /** Accessible name of the token strip ("Generated tokens"). */
  label: string;
  initialMode?: ColorMode;
  /** Controlled colouring, for a parent that keeps it across views (with `onModeChange`). */
  mode?: ColorMode;
  onModeChange?: (mode: ColorMode) => void;
  /** Token pinned when the view opens (e.g. the forced token of a branch). */
  initialPinned?: number;
  /** Branch callback; absent when the view cannot branch. */
  onChoose?: (index: number, alternative: TopAlternative) => void;
  busy?: boolean;
  branchNote?: string;
  /** Extra content above the tokens (e.g. figures from the server). */
  header?: ReactNode;
}

/** The sequence view (see module comment). */
export function SequenceView(props: SequenceViewProps) {
  const { tokens, label, onChoose, busy, branchNote, header } = props;
  const [ownMode, setOwnMode] = useState<ColorMode>(props.initialMode ?? "probability");
  const mode = props.mode ?? ownMode;
  const setMode = props.onModeChange ?? setOwnMode;
  const [preview, setPreview] = useState<number | null>(null);
  const [lastPreview, setLastPreview] = useState<number | null>(null);
  const [pinned, setPinned] = useState<number | null>(props.initialPinned ?? null);
  const [threshold, setThreshold] = useState(0.2);
  const [policy, setPolicy] = useState<PolicyKind>("min-token-prob");

  const valid = (index: number | null) => (index !== null && index < tokens.length ? index : null);
  const shown = valid(preview) ?? valid(pinned) ?? valid(lastPreview);
  const onPreview = (index: number | null) => {
    setPreview(index);
    if (index !== null) setLastPreview(index);
  };
  const spans = useMemo(() => lowConfidenceSpans(tokens, { threshold }), [tokens, threshold]);
  const ambiguity = useMemo(() => ambiguityPoints(tokens).map((point) => point.index), [tokens]);
  const select = useCallback((index: number) => {
    setPinned(index);
    setPreview(null);
  }, []);

  return (
    <div className="sequence-view">
      {header}
      <ColorLegend mode={mode} onModeChange={setMode} />
      <div className="view-grid">
        <TokenStrip
          tokens={tokens}
          mode={mode}
          selectedIndex={shown}
          pinnedIndex={valid(pinned)}
          onPreview={onPreview}
          onPin={setPinned}
          label={label}
        />
        <TokenInspector
          token={shown === null ? undefined : tokens[shown]}
          index={shown}
          pinned={shown !== null && shown === valid(pinned)}
          onUnpin={() => setPinned(null)}
          {...(onChoose ? { onChoose } : {})}
          {...(busy !== undefined ? { busy } : {})}
          {...(branchNote !== undefined ? { branchNote } : {})}
        />
      </div>
      {tokens.length > 0 ? (
        <>
          <SequenceChart
            tokens={tokens}
            lowConfidence={spans}
            ambiguity={ambiguity}
            selectedIndex={shown}
            onSelect={select}
          />
          <SummaryPanel
            tokens={tokens}
            threshold={threshold}
            onThresholdChange={setThreshold}
            policy={policy}
            onPolicyChange={setPolicy}
            onSelect={select}
          />
        </>
      ) : null}
    </div>
  );
}
