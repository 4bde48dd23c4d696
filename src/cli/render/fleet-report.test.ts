import { describe, expect, it } from "vitest";
import type { ServerReport } from "../../providers/batch/server-health.js";
import { fleetProgressSegment, renderFleetTable } from "./fleet-report.js";

const report = (label: string, fields: Partial<ServerReport>): ServerReport => ({
  label,
  state: "up",
  requests: 0,
  succeeded: 0,
  failures: 0,
  medianLatencyMs: undefined,
  downMs: 0,
  downSpells: 0,
  ...fields,
});

const reports = [
  report("http://a:1/v1", { requests: 30, succeeded: 30, medianLatencyMs: 41.6 }),
  report("http://b:2/v1", {
    state: "down",
    requests: 13,
    succeeded: 10,
    failures: 3,
    downMs: 4200,
    downSpells: 1,
  }),
];

describe("fleet report", () => {
  it("progress segment: state and share of the answers (30 of 40 = 75%)", () => {
    expect(fleetProgressSegment(reports)).toBe("#1 up 75% #2 DOWN 25%");
    expect(fleetProgressSegment([report("x", {})])).toBe("#1 up -");
  });

  it("table: one row per server with requests, answers, share, failures, median, time down", () => {
    const lines = renderFleetTable(reports).split("\n");
    expect(lines[0]).toMatch(
      /^server\s+state\s+requests\s+answered\s+share\s+failures\s+median ms\s+time down$/,
    );
    expect(lines[2]?.split(/\s+/)).toEqual([
      "#1",
      "http://a:1/v1",
      "up",
      "30",
      "30",
      "75.0%",
      "0",
      "42",
      "-",
    ]);
    expect(lines[3]?.split(/\s+/)).toEqual([
      "#2",
      "http://b:2/v1",
      "down",
      "13",
      "10",
      "25.0%",
      "3",
      "-",
      "4.2s",
      "(1x)",
    ]);
  });
});
