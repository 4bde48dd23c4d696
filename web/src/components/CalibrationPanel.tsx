/**
 * Calibration: open the output of `logprobe calibrate --json` and see, for each confidence
 * measure, ECE, Brier score, AUROC and PRR, with the reliability diagram and the
 * coverage-vs-accuracy curve. The report is recomputed in the page by core's `calibrationReport`,
 * so the number of bins can be changed without running the model again.
 */
import { useId, useMemo, useState } from "react";
import {
  type CalibrationReport,
  calibrationReport,
  coverageCurveSvg,
  reliabilityDiagramSvg,
  type ScoredAnswer,
} from "../../../src/core/index.js";
import { calibrationAnswers } from "../lib/calibration-answers.js";
import { ErrorNotice } from "./ErrorNotice.js";

const metric = (value: number | null) => (value === null ? "–" : value.toFixed(4));

function ReportTable({ report }: { report: CalibrationReport }) {
  return (
    <table className="calibration-table" aria-label="Calibration metrics">
      <thead>
        <tr>
          <th scope="col">measure</th>
          <th scope="col">n</th>
          <th scope="col">ECE</th>
          <th scope="col">Brier</th>
          <th scope="col">AUROC</th>
          <th scope="col">PRR</th>
        </tr>
      </thead>
      <tbody>
        {report.measures.map((measure) => (
          <tr key={measure.measure} title={measure.description}>
            <th scope="row">{measure.measure}</th>
            <td>{measure.count}</td>
            <td>{metric(measure.ece)}</td>
            <td>{metric(measure.brier)}</td>
            <td>{metric(measure.auroc)}</td>
            <td>{metric(measure.prr)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Calibration panel (see module comment). */
export function CalibrationPanel() {
  const id = useId();
  const [loaded, setLoaded] = useState<{ answers: ScoredAnswer[]; origin: string } | null>(null);
  const [bins, setBins] = useState(10);
  const [error, setError] = useState<unknown>(null);

  const computed = useMemo((): { report: CalibrationReport | null; error: unknown } => {
    if (!loaded) return { report: null, error: null };
    try {
      return { report: calibrationReport(loaded.answers, { bins }), error: null };
    } catch (caught) {
      return { report: null, error: caught };
    }
  }, [loaded, bins]);
  const report = computed.report;

  return (
    <div className="panel-body">
      <div className="field">
        <label htmlFor={`${id}-file`}>Calibration report</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,application/json"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            setError(null);
            try {
              setLoaded({ answers: calibrationAnswers(await file.text()), origin: file.name });
            } catch (caught) {
              setError(caught);
            }
            event.target.value = "";
          }}
        />
        <small className="muted">The output of logprobe calibrate DATA.jsonl --json.</small>
      </div>
      <div className="field">
        <label htmlFor={`${id}-bins`}>Bins</label>
        <input
          id={`${id}-bins`}
          type="number"
          min={1}
          max={100}
          value={bins}
          onChange={(event) => {
            const value = Number(event.target.value);
            if (Number.isInteger(value) && value >= 1 && value <= 100) setBins(value);
          }}
        />
        <small className="muted">
          Equal-width confidence bins for ECE and the reliability diagram, 1 to 100.
        </small>
      </div>
      <ErrorNotice error={error ?? computed.error} onDismiss={() => setError(null)} />
      {loaded && report ? (
        <section className="result" aria-label="Calibration">
          <div className="result-head">
            <h2>Calibration</h2>
            <span className="muted">
              {loaded.origin}: {report.count} answers, {report.correct} correct (
              {(report.accuracy * 100).toFixed(1)}%)
            </span>
          </div>
          <ReportTable report={report} />
          <div className="calibration-charts" style={{ display: "flex", flexWrap: "wrap", gap: "1rem" }}>
            {/* The SVG is built by core with every text escaped (escapeXml). */}
            <figure
              aria-label="Reliability diagram"
              style={{ margin: 0, maxWidth: "100%", overflowX: "auto" }}
              // biome-ignore lint/security/noDangerouslySetInnerHtml: core escapes every text it writes
              dangerouslySetInnerHTML={{ __html: reliabilityDiagramSvg(report, loaded.origin) }}
            />
            <figure
              aria-label="Coverage versus accuracy"
              style={{ margin: 0, maxWidth: "100%", overflowX: "auto" }}
              // biome-ignore lint/security/noDangerouslySetInnerHtml: core escapes every text it writes
              dangerouslySetInnerHTML={{ __html: coverageCurveSvg(report, loaded.origin) }}
            />
          </div>
        </section>
      ) : null}
    </div>
  );
}
