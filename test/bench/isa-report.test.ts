/**
 * BENCHMARKS.md's instruction-set-level tables (bench/isa-report.ts) and how the report keeps such
 * runs out of its default choices (bench/report.ts), on results files written into a temporary
 * project folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isaGoals, isaLabel, latestIsaRun, renderIsaFormats } from "../../bench/isa-report.js";
import { latestWith, storedRuns } from "../../bench/report.js";

const row = (peer: number, ours: number) => ({
  bytes: 2 ** 20 * 100,
  peer: { perplexity: 12.5, evaluatedPerSecond: peer },
  ours: { perplexity: 12.50001, evaluatedPerSecond: ours },
});

function run(takenAt: string, isa: string | undefined, formats: Record<string, unknown>) {
  return {
    takenAt,
    machine: {
      cpu: "AMD EPYC",
      cpuFeatures: ["avx2", "avx512f"],
      loadAverageAtStart: 0.5,
      loadAverageAtEnd: 1.2,
    },
    settings: { threads: 2, ...(isa ? { isa } : {}) },
    formats,
    ...(isa
      ? {
          isaKernels: {
            peer: { switches: ["GGML_AVX2=ON", "GGML_AVX512=OFF"], avx512RegisterUses: 0 },
            ours: { instructionSets: ["AVX2", "FMA"], avx512RegisterUses: 0 },
          },
        }
      : {}),
  };
}

function project(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), "logprobe-isa-report-"));
  mkdirSync(join(root, "bench", "results"), { recursive: true });
  for (const [name, data] of Object.entries(files))
    writeFileSync(join(root, "bench", "results", name), JSON.stringify(data));
  return root;
}

describe("the AVX2-kernels formats table", () => {
  const root = project({
    "full-2026-01-01T00-00-00-000Z.json": run("2026-01-01", undefined, { F16: row(100, 101) }),
    "only-2026-01-02T00-00-00-000Z.json": run("2026-01-02", "avx2", {
      F16: row(200, 190),
      Q8_0: row(100, 80),
    }),
    "only-2026-01-03T00-00-00-000Z.json": run("2026-01-03", undefined, { F16: row(300, 310) }),
    "only-2026-01-04T00-00-00-000Z.json": { ...run("2026-01-04", "avx2", {}), formats: undefined },
  });

  it("comes from the newest --isa=avx2 run that measured the formats", () => {
    expect(latestIsaRun(root, "avx2")?.file).toBe("only-2026-01-02T00-00-00-000Z.json");
    const lines = renderIsaFormats(root).join("\n");
    expect(lines).toContain("### Scoring by model format, AVX2 kernels");
    expect(lines).toContain(
      "**AVX2 kernels (AVX-512 switched off at build) on an AMD EPYC with AVX-512; not an AVX2-only machine.**",
    );
    expect(lines).toContain("| F16 | 100 MiB | 200.0 | 190.0 | 0.95x | 12.5000 / 12.5000 |");
    expect(lines).toContain("| Q8_0 | 100 MiB | 100.0 | 80.0 | 0.80x |");
    expect(lines).toContain("(GGML_AVX2=ON)");
    expect(lines).toContain("peer 0, ours 0");
  });

  it("gives one goal row per format, met at 0.9x", () => {
    expect(isaGoals(root)).toEqual([
      ["Scoring F16 >= 0.9x llama-perplexity, AVX2 kernels (0.95x)", true],
      ["Scoring Q8_0 >= 0.9x llama-perplexity, AVX2 kernels (0.80x)", false],
    ]);
  });

  it("names the lowest ratio over the stored runs of the level, judging the newest", () => {
    const two = project({
      "only-2026-01-02T00-00-00-000Z.json": run("2026-01-02", "avx2", { F16: row(200, 170) }),
      "only-2026-01-06T00-00-00-000Z.json": run("2026-01-06", "avx2", { F16: row(200, 192) }),
    });
    expect(isaGoals(two)).toEqual([
      [
        "Scoring F16 >= 0.9x llama-perplexity, AVX2 kernels (0.96x; lowest over the 2 stored AVX2 runs 0.85x)",
        true,
      ],
    ]);
  });

  it("is never the default run's choice", () => {
    expect(latestWith(root, "formats")?.file).toBe("only-2026-01-03T00-00-00-000Z.json");
    const full = project({
      "full-2026-01-05T00-00-00-000Z.json": run("2026-01-05", "avx2", { F16: row(1, 1) }),
    });
    expect(storedRuns(full)).toEqual([]);
  });

  it("says so when no such run is stored, and labels a CPU without AVX-512 as such", () => {
    const empty = project({});
    expect(renderIsaFormats(empty)).toEqual([]);
    expect(isaGoals(empty)).toEqual([
      ["Scoring F16, Q8_0 and Q4_K_M >= 0.9x llama-perplexity, AVX2 kernels", undefined],
    ]);
    expect(isaLabel({ settings: { isa: "avx2" }, machine: { cpu: "AMD EPYC", cpuFeatures: ["avx2"] } })).toBe(
      "AVX2 kernels on an AMD EPYC without AVX-512",
    );
  });
});
