import { describe, expect, it } from "vitest";
import type { DetectResult, DetectScores } from "./detect-result.js";
import { calibrateDetectors } from "./detection-calibration.js";
import { gltrRankBuckets } from "./gltr-rank-buckets.js";

function scores(binoculars: number | null, minK: number): DetectScores {
  return {
    binoculars,
    observerLogPerplexity: binoculars ?? 1,
    performerLogPerplexity: binoculars ?? 1,
    crossLogPerplexity: 1,
    gltr: gltrRankBuckets([1, 20]),
    k: 20,
    minKPercent: minK,
    minKPercentPlusPlus: binoculars === null ? null : -minK,
  };
}

describe("calibrateDetectors", () => {
  it("orients each measure as its paper does and reports AUROC by hand", async () => {
    // machine texts (positives) have low Binoculars 0.5, 0.6; human 0.9, 1.0 -> AUROC 1 oriented low.
    // Min-K%: positives -1, -3; negatives -2, -4 -> pairs (pos > neg): -1 > both, -3 > -4 -> 3/4.
    const table: Record<string, DetectScores> = {
      a: scores(0.5, -1),
      b: scores(0.6, -3),
      c: scores(0.9, -2),
      d: scores(1.0, -4),
    };
    const detect = async (text: string) => ({ scores: table[text] }) as DetectResult;
    const result = await calibrateDetectors(
      [
        { text: "a", label: true },
        { text: "b", label: true },
        { text: "c", label: false },
        { text: "d", label: false },
      ],
      detect,
      0,
    );
    const byName = Object.fromEntries(result.measures.map((measure) => [measure.measure, measure]));
    expect(byName.binoculars).toMatchObject({
      auroc: 1,
      higherIsPositive: false,
      best: { threshold: 0.6, truePositiveRate: 1 },
    });
    expect(byName.minKPercent).toMatchObject({ auroc: 0.75, best: { threshold: -1, truePositiveRate: 0.5 } });
    // the same GLTR share everywhere: AUROC 0.5
    expect(byName.gltrTop10).toMatchObject({ auroc: 0.5 });
  });

  it("marks measures missing for some texts as unavailable", async () => {
    const detect = async (text: string) => ({ scores: scores(text === "a" ? null : 1, -1) }) as DetectResult;
    const result = await calibrateDetectors(
      [
        { text: "a", label: true },
        { text: "b", label: false },
      ],
      detect,
      0.1,
    );
    expect(result.measures.find((measure) => measure.measure === "binoculars")).toMatchObject({
      unavailable: expect.stringMatching(/full distributions/),
    });
  });
});
