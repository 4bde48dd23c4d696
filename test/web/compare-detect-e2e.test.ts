/**
 * The web UI's Compare and Detect tabs end to end: Debian's chromium against a real server holding
 * stories260K and its Q8_0 quantization (as `logprobe serve --also-model` serves them), the web app
 * freshly built by Vite. The forms start with the first two served models, untouched here. Oracle:
 * the library (`compareModels`, `detectText`) called directly on the same two models.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareModels } from "../../src/core/compare/compare-models.js";
import { detectText } from "../../src/core/detect/detect-text.js";
import type { LogprobModel } from "../../src/core/index.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { divergenceColor } from "../../web/src/lib/divergence-colors.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { requireTestModel } from "../helpers/test-model.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = process.env.LOGPROBE_CHROMIUM ?? "/usr/bin/chromium";
const quantized = join(root, "test", "engine", "__fixtures__", "stories260K-Q8_0.gguf");
const TEXT = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";

function requireChromium(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === "true") throw new Error(`chromium not found at ${chromiumPath}: CI needs it`);
  return false;
}

function rgb(hex: string): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
}

describe.skipIf(!(requireTestModel() && requireChromium()))(
  "web UI: Compare and Detect tabs (chromium)",
  () => {
    let base: LogprobModel;
    let other: LogprobModel;
    let server: RunningServer;
    let context: BrowserContext;
    let page: Page;
    let webRoot: string;
    let userDataDir: string;

    beforeAll(async () => {
      webRoot = await mkdtemp(join(tmpdir(), "logprobe-web-compare-"));
      userDataDir = await mkdtemp(join(tmpdir(), "logprobe-chromium-compare-"));
      const { build } = await import("vite");
      await build({
        configFile: join(root, "web", "vite.config.ts"),
        build: { outDir: webRoot, emptyOutDir: true },
        logLevel: "warn",
      });
      base = await loadTestEngine();
      other = await loadTestEngine({ model: quantized });
      server = await startServer({
        models: [base, other],
        port: 0,
        host: "127.0.0.1",
        webRoot,
        log: () => {},
      });
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: chromiumPath,
        headless: true,
        args: [
          "--no-sandbox",
          "--headless",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
        ],
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(30_000);
      await page.goto(server.url);
      await page.getByRole("status").getByText(base.id, { exact: true }).waitFor();
    }, 180_000);

    afterAll(async () => {
      await context?.close();
      await server?.close(1000);
      await base?.close?.();
      await other?.close?.();
      for (const folder of [webRoot, userDataDir])
        if (folder) await rm(folder, { recursive: true, force: true });
    });

    it("Compare: the first two served models by default, aligned tokens coloured by KL, the library's KLD statistics", async () => {
      const oracle = await compareModels(base, other, TEXT);
      expect(oracle.klDivergence?.mean).toBeGreaterThan(0);
      await page.getByRole("tab", { name: "Compare" }).click();
      await page.getByLabel("Text to compare on").fill(TEXT);
      expect(await page.getByLabel("Base model").inputValue()).toBe(base.id);
      expect(await page.getByLabel("Compared model").inputValue()).toBe(other.id);
      expect(await page.locator("#panel-compare select").first().locator("option").allTextContents()).toEqual(
        [base.id, other.id],
      );
      await page.getByRole("button", { name: "Compare", exact: true }).click();
      await page.locator('[data-field="mean-kld"]').waitFor();
      expect(await page.locator('[data-field="mean-kld"]').textContent()).toBe(
        oracle.klDivergence?.mean.toFixed(6),
      );
      expect(await page.locator('[data-field="same-top"]').textContent()).toBe(
        `${(100 * (oracle.klDivergence?.sameTop as number)).toFixed(2)}%`,
      );
      const columns = await page.$$eval("#panel-compare [data-token-index]", (elements) =>
        elements.map((element) => ({
          index: Number((element as HTMLElement).dataset.tokenIndex),
          color: getComputedStyle(element).backgroundColor,
        })),
      );
      expect(columns.map((column) => column.index)).toEqual(oracle.tokens.map((token) => token.index));
      columns.forEach((column, position) => {
        expect(column.color).toBe(rgb(divergenceColor(oracle.tokens[position]?.klDivergence as number)));
      });
      await page
        .screenshot({ path: join(root, "test-results", "web", "compare.png"), fullPage: true })
        .catch(() => {});
    });

    it("Detect: the first two served models by default, Binoculars and the GLTR buckets as numbers", async () => {
      const oracle = await detectText(base, other, TEXT, { k: 20 });
      await page.getByRole("tab", { name: "Detect" }).click();
      await page.getByLabel("Text to check").fill(TEXT);
      expect(await page.getByLabel("Observer").inputValue()).toBe(base.id);
      expect(await page.getByLabel("Performer").inputValue()).toBe(other.id);
      await page.getByRole("button", { name: "Detect", exact: true }).click();
      await page.locator('[data-field="binoculars"]').waitFor();
      expect(await page.locator('[data-field="binoculars"]').textContent()).toBe(
        oracle.scores.binoculars?.toFixed(4),
      );
      expect(await page.locator('[data-field="min-k-plus-plus"]').textContent()).toBe(
        oracle.scores.minKPercentPlusPlus?.toFixed(4),
      );
      expect(await page.locator('[data-field="gltr-count-top10"]').textContent()).toBe(
        String(oracle.scores.gltr.counts.top10),
      );
    });
  },
);
