// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { calibrationAnswers } from "../lib/calibration-answers.js";
import { CalibrationPanel } from "./CalibrationPanel.js";

afterEach(() => {
  cleanup();
});

/** A calibrate --json report: scikit-learn's roc_auc_score example, y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8]. */
function reportText(): string {
  const rows: [number, boolean][] = [
    [0.1, false],
    [0.4, false],
    [0.35, true],
    [0.8, true],
  ];
  return JSON.stringify({
    count: 4,
    answers: rows.map(([confidence, correct], index) => ({
      id: `q${index}`,
      answer: correct ? "yes" : "no",
      correct,
      confidences: {
        "joint-probability": confidence,
        "mean-logprob": confidence,
        "min-token-probability": confidence,
        "mean-entropy": null,
        "first-token-margin": null,
      },
    })),
  });
}

function upload(text: string, name = "report.json") {
  const file = new File([text], name, { type: "application/json" });
  fireEvent.change(screen.getByLabelText("Calibration report"), { target: { files: [file] } });
}

describe("CalibrationPanel", () => {
  it("shows the metrics (scikit-learn's AUROC 0.75; Brier, ECE and PRR by hand) and both charts", async () => {
    render(<CalibrationPanel />);
    upload(reportText());
    const table = await screen.findByRole("table", { name: "Calibration metrics" });
    const row = [...table.querySelectorAll("tbody tr")].find((tr) =>
      tr.textContent?.startsWith("joint-probability"),
    );
    const cells = [...(row?.querySelectorAll("td") ?? [])].map((cell) => cell.textContent);
    // n; ECE with 10 right-closed bins: (0, 0.1] 1/4 * 0.1, (0.3, 0.4] holds 0.35 and 0.4 (mean 0.375,
    // accuracy 0.5) 2/4 * 0.125, (0.7, 0.8] 1/4 * 0.2 -> 0.1375; Brier 0.158125; AUROC; PRR 4/7
    expect(cells).toEqual(["4", "0.1375", "0.1581", "0.7500", "0.5714"]);
    // 3 non-empty bins for each of the 3 measures with data (the margin has none)
    expect(screen.getByLabelText("Reliability diagram").querySelectorAll("circle").length).toBe(9);
    expect(screen.getByLabelText("Coverage versus accuracy").innerHTML).toContain(
      "joint-probability: (0.7500, 0.6667)",
    );
  });

  it("recomputes with another number of bins", async () => {
    render(<CalibrationPanel />);
    upload(reportText());
    await screen.findByRole("table", { name: "Calibration metrics" });
    fireEvent.change(screen.getByLabelText("Bins"), { target: { value: "2" } });
    // 2 bins, by hand: 3/4 * |1/3 - 0.85/3| + 1/4 * |1 - 0.8| = 0.0875
    await waitFor(() => {
      const row = [...document.querySelectorAll("tbody tr")].find((tr) =>
        tr.textContent?.startsWith("joint-probability"),
      );
      expect(row?.querySelectorAll("td")[1]?.textContent).toBe("0.0875");
    });
  });

  it("names the path of a bad report", async () => {
    render(<CalibrationPanel />);
    upload('{"answers": [{"correct": "yes", "confidences": {}}]}');
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toMatch(/answers\[0\]\.correct: must be true or false/),
    );
    expect(() => calibrationAnswers("{}")).toThrow(/answers: missing/);
    expect(() =>
      calibrationAnswers('{"answers": [{"correct": true, "confidences": {"joint-probability": "x"}}]}'),
    ).toThrow(/answers\[0\]\.confidences\.joint-probability/);
  });
});
