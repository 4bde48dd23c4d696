import { describe, expect, it } from "vitest";
import { calibrationReport } from "../decisions/calibration-report.js";
import { coverageCurveSvg, reliabilityDiagramSvg } from "./calibration-svg.js";
import { escapeXml, renderUnitChart } from "./svg-chart.js";

describe("SVG charts", () => {
  it("maps the unit square onto the plot area (hand computation: 316 x 328 units from (64, 56))", () => {
    const svg = renderUnitChart({
      title: "t",
      xLabel: "x",
      yLabel: "y",
      series: [
        {
          name: "s",
          points: [
            { x: 0.25, y: 0.5 },
            { x: 1, y: 0 },
          ],
        },
      ],
    });
    // x = 64 + 0.25 * 316 = 143, y = 56 + (1 - 0.5) * 328 = 220; (1, 0) -> (380, 384)
    expect(svg).toContain('<circle cx="143.00" cy="220.00"');
    expect(svg).toContain('<polyline points="143.00,220.00 380.00,384.00"');
  });

  it("escapes text and keeps empty series in the legend", () => {
    expect(escapeXml(`<a & "b">`)).toBe("&#60;a &#38; &#34;b&#34;&#62;");
    const svg = renderUnitChart({
      title: "<x>",
      xLabel: "x",
      yLabel: "y",
      series: [{ name: "empty", points: [] }],
    });
    expect(svg).toContain("<title>&#60;x&#62;</title>");
    expect(svg).toContain("empty (no data)");
  });

  it("draws one reliability line per probability measure and a coverage line per measure", () => {
    const confidences = {
      "joint-probability": 0.9,
      "mean-logprob": 0.9,
      "min-token-probability": 0.9,
      "mean-entropy": -1,
      "first-token-margin": null,
    };
    const report = calibrationReport([
      { id: "1", answer: "a", correct: true, confidences },
      { id: "2", answer: "b", correct: false, confidences: { ...confidences, "joint-probability": 0.2 } },
    ]);
    const reliability = reliabilityDiagramSvg(report);
    expect(reliability.match(/class="series"/g)).toHaveLength(4); // mean-entropy is not a probability
    expect(reliability).toContain("joint-probability: (0.2000, 0.0000)");
    const coverage = coverageCurveSvg(report);
    expect(coverage.match(/class="series"/g)).toHaveLength(5);
    expect(coverage).toContain("mean-entropy: (1.0000, 0.5000)");
  });
});
