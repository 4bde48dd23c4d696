/**
 * How a batch over several servers reports them: a short segment for the progress line (each
 * server's state and share of the answers) and the end-of-run table.
 *
 * ```
 * server                       state  requests  answered  share  failures  median ms  time down
 * #1 http://127.0.0.1:19001/v1     up       104       101  33.7%         3         41  4.2s (1x)
 * ```
 */
import type { ServerReport } from "../../providers/batch/server-health.js";
import { renderColumns } from "./plain-columns.js";

function share(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "-";
}

/** `#1 up 34% #2 DOWN 12% #3 up 54%`: state and share of the answers so far, per server. */
export function fleetProgressSegment(reports: readonly ServerReport[]): string {
  const answered = reports.reduce((sum, report) => sum + report.succeeded, 0);
  return reports
    .map((report, index) => {
      const part = answered > 0 ? `${Math.round((100 * report.succeeded) / answered)}%` : "-";
      return `#${index + 1} ${report.state === "up" ? "up" : "DOWN"} ${part}`;
    })
    .join(" ");
}

/**
 * The end-of-run table: per server its state at the end, requests sent (failovers included),
 * requests answered and their share, failed requests, the median latency of the answered ones,
 * and the time it was marked down (with how many times).
 */
export function renderFleetTable(reports: readonly ServerReport[]): string {
  const answered = reports.reduce((sum, report) => sum + report.succeeded, 0);
  const rows = [
    ["server", "state", "requests", "answered", "share", "failures", "median ms", "time down"],
    ...reports.map((report, index) => [
      `#${index + 1} ${report.label}`,
      report.state,
      String(report.requests),
      String(report.succeeded),
      share(report.succeeded, answered),
      String(report.failures),
      report.medianLatencyMs === undefined ? "-" : report.medianLatencyMs.toFixed(0),
      report.downSpells === 0 ? "-" : `${(report.downMs / 1000).toFixed(1)}s (${report.downSpells}x)`,
    ]),
  ];
  return renderColumns(rows);
}
