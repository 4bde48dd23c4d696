/**
 * Regenerates BENCHMARKS.md from a results file without measuring again.
 * Usage: tsx bench/render.ts bench/results/<name>.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderReport, storedRuns } from "./report.js";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx bench/render.ts bench/results/<name>.json");
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const results = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
writeFileSync(
  resolve(root, "BENCHMARKS.md"),
  renderReport(results, relative(root, resolve(file)), storedRuns(root)),
);
