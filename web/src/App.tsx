/**
 * The logprobe page: Generate, Score, Import, Calibration, Compare and Detect tabs under a header naming the served model.
 * Panels stay mounted when hidden, so switching tabs loses nothing; each sits in an error boundary
 * so one failure never blanks the page.
 */
import { type KeyboardEvent, useRef, useState } from "react";
import { CalibrationPanel } from "./components/CalibrationPanel.js";
import { ComparePanel } from "./components/ComparePanel.js";
import { DetectPanel } from "./components/DetectPanel.js";
import { ErrorBoundary } from "./components/ErrorBoundary.js";
import { GeneratePanel } from "./components/GeneratePanel.js";
import { ImportPanel } from "./components/ImportPanel.js";
import { ScorePanel } from "./components/ScorePanel.js";
import { ServerStatus, useServerInfo } from "./components/ServerStatus.js";

const TABS = [
  { id: "generate", label: "Generate" },
  { id: "score", label: "Score" },
  { id: "import", label: "Import" },
  { id: "calibration", label: "Calibration" },
  { id: "compare", label: "Compare" },
  { id: "detect", label: "Detect" },
] as const;
type TabId = (typeof TABS)[number]["id"];

/** The application root. */
export function App() {
  const info = useServerInfo();
  const model = info.state === "ready" ? info.model : "unknown";
  const capabilities = info.state === "ready" ? info.capabilities : undefined;
  const [tab, setTab] = useState<TabId>("generate");
  const tabButtons = useRef<Record<string, HTMLButtonElement | null>>({});

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = TABS[(index + step + TABS.length) % TABS.length]!;
    setTab(next.id);
    tabButtons.current[next.id]?.focus();
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>logprobe</h1>
        <p className="tagline">How sure is the model, token by token?</p>
        <ServerStatus info={info} />
      </header>
      <div className="tabs" role="tablist" aria-label="Views">
        {TABS.map((entry, index) => (
          <button
            key={entry.id}
            ref={(element) => {
              tabButtons.current[entry.id] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls={`panel-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() => setTab(entry.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <main>
        <section
          id="panel-generate"
          role="tabpanel"
          aria-labelledby="tab-generate"
          hidden={tab !== "generate"}
        >
          <ErrorBoundary area="the Generate view">
            <GeneratePanel model={model} capabilities={capabilities} />
          </ErrorBoundary>
        </section>
        <section id="panel-score" role="tabpanel" aria-labelledby="tab-score" hidden={tab !== "score"}>
          <ErrorBoundary area="the Score view">
            <ScorePanel model={model} capabilities={capabilities} />
          </ErrorBoundary>
        </section>
        <section id="panel-import" role="tabpanel" aria-labelledby="tab-import" hidden={tab !== "import"}>
          <ErrorBoundary area="the Import view">
            <ImportPanel />
          </ErrorBoundary>
        </section>
        <section
          id="panel-calibration"
          role="tabpanel"
          aria-labelledby="tab-calibration"
          hidden={tab !== "calibration"}
        >
          <ErrorBoundary area="the Calibration view">
            <CalibrationPanel />
          </ErrorBoundary>
        </section>
        <section id="panel-compare" role="tabpanel" aria-labelledby="tab-compare" hidden={tab !== "compare"}>
          <ErrorBoundary area="the Compare view">
            <ComparePanel />
          </ErrorBoundary>
        </section>
        <section id="panel-detect" role="tabpanel" aria-labelledby="tab-detect" hidden={tab !== "detect"}>
          <ErrorBoundary area="the Detect view">
            <DetectPanel />
          </ErrorBoundary>
        </section>
      </main>
    </div>
  );
}
