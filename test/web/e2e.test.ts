/**
 * End-to-end tests of the web UI: Debian's chromium (through playwright-core) against a real
 * `logprobe serve` (the server's node entry, in-process) on the shared test model, with the web
 * app freshly built by Vite. Every number the page shows is checked against the engine itself
 * (the oracle: the same model called directly, without the server or the browser).
 * Screenshots land in test-results/web/.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogprobModel, TokenLogprob } from "../../src/core/index.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { RANK_BUCKETS, UNKNOWN_RANK_COLOR } from "../../web/src/lib/rank-buckets.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { requireTestModel } from "../helpers/test-model.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = process.env.LOGPROBE_CHROMIUM ?? "/usr/bin/chromium";
const screenshots = join(root, "test-results", "web");

/** Chromium is required in CI (`.ci/run` installs it); elsewhere its absence skips the suite. */
function requireChromium(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === "true") throw new Error(`chromium not found at ${chromiumPath}: CI needs it`);
  return false;
}

const enabled = requireTestModel() && requireChromium();

const PROMPT = "Once upon a time";
const MAX_TOKENS = 12;
const ALTERNATIVES = 5;
const SCORE_TEXT = "The little dog ran to the park. He was happy.";

/** The data attributes of every rendered token, in order. */
async function renderedTokens(page: Page) {
  return page.$$eval("[data-token-index]", (elements) =>
    elements
      .filter((element) => (element as HTMLElement).offsetParent !== null)
      .map((element) => {
        const data = (element as HTMLElement).dataset;
        return { index: Number(data.tokenIndex), logprob: data.logprob ?? "", prob: data.prob ?? "" };
      }),
  );
}

/** Expects the rendered tokens to carry exactly the oracle's logprobs, and prob = exp(logprob). */
function expectSameTokens(rendered: Awaited<ReturnType<typeof renderedTokens>>, oracle: TokenLogprob[]) {
  expect(rendered.map((token) => token.index)).toEqual(oracle.map((_, index) => index));
  rendered.forEach((token, index) => {
    const expected = oracle[index]!.logprob;
    if (expected === null) {
      expect(token.logprob).toBe("");
      expect(token.prob).toBe("");
      return;
    }
    expect(Number(token.logprob)).toBe(expected);
    expect(Number(token.prob)).toBeCloseTo(Math.exp(expected), 14);
  });
}

/** "#rrggbb" as the browser reports computed colours. */
function rgb(hex: string): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
}

/** The page shows 4 significant digits: the relative error is at most 5e-4. */
function expectFourDigits(shown: number, exact: number) {
  expect(Math.abs(shown - exact) / exact).toBeLessThanOrEqual(5e-4);
}

describe.skipIf(!enabled)("web UI end to end (chromium, real server, stories260K)", () => {
  let model: LogprobModel;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let webRoot: string;
  let userDataDir: string;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), "logprobe-web-"));
    userDataDir = await mkdtemp(join(tmpdir(), "logprobe-chromium-"));
    await mkdir(screenshots, { recursive: true });
    const { build } = await import("vite");
    await build({
      configFile: join(root, "web", "vite.config.ts"),
      build: { outDir: webRoot, emptyOutDir: true },
      logLevel: "warn",
    });
    model = await loadTestEngine();
    server = await startServer({ models: model, port: 0, host: "127.0.0.1", webRoot, log: () => {} });
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close(1000);
    await model?.close?.();
    for (const folder of [webRoot, userDataDir])
      if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("serves the page with the model named and no request leaving 127.0.0.1", async () => {
    const outside: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith("blob:"))
        outside.push(request.url());
    });
    await page.goto(server.url);
    await expect(
      page.getByRole("status").getByText(model.id, { exact: true }).waitFor(),
    ).resolves.toBeUndefined();
    expect(outside).toEqual([]);
  });

  it("generates: tokens stream in with the engine's exact logprobs", async () => {
    await page.getByLabel("Prompt", { exact: true }).fill(PROMPT);
    await page.getByLabel("Max tokens").fill(String(MAX_TOKENS));
    await page.getByLabel("Alternatives").first().fill(String(ALTERNATIVES));
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    await page.getByText(/finished: (length|stop)/).waitFor();
    const oracle = await model.generate({
      prompt: PROMPT,
      maxTokens: MAX_TOKENS,
      sampling: { temperature: 0, topK: 0, topP: 1, minP: 0 },
      topLogprobs: ALTERNATIVES,
      logprobsMode: "raw",
    });
    expectSameTokens(await renderedTokens(page), oracle.sequence.tokens);
    // The summary's perplexity is exp(-mean logprob) over the oracle's tokens, to 4 digits.
    const logprobs = oracle.sequence.tokens.map((token) => token.logprob as number);
    const perplexity = Math.exp(-logprobs.reduce((sum, value) => sum + value, 0) / logprobs.length);
    const shown = await page
      .locator('[data-testid="summary"] [data-field="perplexity"]')
      .first()
      .textContent();
    expectFourDigits(Number(shown), perplexity);
    await page.screenshot({ path: join(screenshots, "generate.png"), fullPage: true });
    await page.locator("#panel-generate .chart").screenshot({ path: join(screenshots, "chart.png") });
  });

  it("inspects: hover shows probability and the alternatives as bars; click pins", async () => {
    const oracle = await model.generate({
      prompt: PROMPT,
      maxTokens: MAX_TOKENS,
      sampling: { temperature: 0 },
      topLogprobs: ALTERNATIVES,
    });
    const target = 2;
    await page.locator(`[data-token-index="${target}"]`).first().hover();
    const panel = page.getByTestId("alternatives").first();
    await panel.getByText(`Token #${target + 1}`).waitFor();
    const bars = await panel
      .locator("[data-alternative-index]")
      .evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.logprob)));
    expect(bars).toEqual(oracle.sequence.tokens[target]!.top.map((alternative) => alternative.logprob));
    await page.locator(`[data-token-index="${target}"]`).first().click();
    await page.locator('[data-token-index="0"]').first().hover();
    await page.mouse.move(1, 1);
    await expect(panel.getByText(`Token #${target + 1}`).isVisible()).resolves.toBe(true);
    await expect(panel.getByRole("button", { name: "Unpin" }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(screenshots, "inspect.png"), fullPage: true });
  });

  it("inspects with the keyboard: arrows move the focus, Enter pins, Escape unpins", async () => {
    const strip = page.locator("#panel-generate").getByRole("group", { name: "Generated tokens" });
    await strip.locator('[data-token-index="2"]').focus();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    const panel = page.getByTestId("alternatives").first();
    await panel.getByText("Token #2", { exact: false }).waitFor();
    expect(
      await strip.locator('[data-token-index="1"]').evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await panel.getByRole("button", { name: "Unpin" }).waitFor();
    await panel.getByText("Token #3", { exact: false }).waitFor();
  });

  it("branches: an alternative regenerates from that point with it forced, kept in a tree", async () => {
    const original = await renderedTokens(page);
    const oracle = await model.generate({
      prompt: PROMPT,
      maxTokens: MAX_TOKENS,
      sampling: { temperature: 0 },
      topLogprobs: ALTERNATIVES,
    });
    const at = 2;
    const chosen = oracle.sequence.tokens[at]!;
    const alternative = chosen.top.find((candidate) => candidate.id !== chosen.id)!;
    const panel = page.getByTestId("alternatives").first();
    await panel
      .getByRole("button", { name: /^Branch/ })
      .first()
      .click();
    const tree = page.getByRole("navigation", { name: "Branches" });
    await tree.getByRole("button", { name: new RegExp(`^at token ${at + 1}: `) }).waitFor();
    await page.waitForFunction(() => {
      const current = document.querySelector('nav[aria-label="Branches"] [aria-current="true"]');
      return current !== null && !/running|error|cancelled/.test(current.textContent ?? "");
    });
    const branched = await model.branch!({
      prompt: PROMPT,
      maxTokens: MAX_TOKENS,
      sampling: { temperature: 0, topK: 0, topP: 1, minP: 0 },
      topLogprobs: ALTERNATIVES,
      logprobsMode: "raw",
      prefixTokens: oracle.sequence.tokens.slice(0, at).map((token) => token.id!),
      forcedToken: alternative.id!,
    });
    expect(branched.sequence.tokens[at]!.id).toBe(alternative.id);
    expectSameTokens(await renderedTokens(page), branched.sequence.tokens);
    await page.screenshot({ path: join(screenshots, "branch.png"), fullPage: true });
    await tree.getByRole("button", { name: "Original" }).click();
    expect(await renderedTokens(page)).toEqual(original);
  });

  it("exports OpenAI JSON and imports it back without the model", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export OpenAI JSON" }).first().click(),
    ]);
    const file = join(userDataDir, "export.json");
    await download.saveAs(file);
    const exported = JSON.parse(await readFile(file, "utf8"));
    expect(exported.object).toBe("chat.completion");
    const original = await renderedTokens(page);
    expect(
      exported.choices[0].logprobs.content.map((entry: { logprob: number }) => String(entry.logprob)),
    ).toEqual(original.map((token) => token.logprob));
    await page.getByRole("tab", { name: "Import" }).click();
    await page.getByLabel("File to import").setInputFiles(file);
    await page.getByText(/export\.json: /).waitFor();
    // The imported view shows the same tokens with the same numbers.
    expect(await renderedTokens(page)).toEqual(original);
    await page.screenshot({ path: join(screenshots, "import.png"), fullPage: true });
  });

  it("shows a server error in place and keeps the page", async () => {
    await page.getByLabel("Or paste a response").fill("{ not json");
    await page.getByRole("button", { name: "View" }).click();
    const alert = page.getByRole("alert").first();
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Error:/);
    expect(await page.getByRole("tab", { name: "Generate" }).isVisible()).toBe(true);
    await page.screenshot({ path: join(screenshots, "error.png"), fullPage: true });
  });

  it("scores pasted text: heatmap, GLTR buckets, perplexity and bits per byte", async () => {
    await page.getByRole("tab", { name: "Score" }).click();
    await page.getByLabel("Text to score").fill(SCORE_TEXT);
    await page.getByRole("button", { name: "Score", exact: true }).click();
    await page.locator('[data-field="server-perplexity"]').waitFor();
    const oracle = await model.score({ text: SCORE_TEXT, topLogprobs: 5 });
    expectSameTokens(await renderedTokens(page), oracle.sequence.tokens);
    const shownPerplexity = await page.locator('[data-field="server-perplexity"]').textContent();
    expectFourDigits(Number(shownPerplexity), oracle.perplexity);
    const shownBits = await page.locator('[data-field="server-bits-per-byte"]').textContent();
    expectFourDigits(Number(shownBits), oracle.bitsPerByte);
    const scorePanel = page.locator("#panel-score");
    await scorePanel.getByLabel("rank (GLTR)").check();
    // GLTR buckets from the engine's exact ranks (full distribution), by the published cut-offs.
    const bucketOf = (rank: number) => (rank <= 10 ? 0 : rank <= 100 ? 1 : rank <= 1000 ? 2 : 3);
    const expectedColours = oracle.sequence.tokens.map((token) =>
      token.rank === undefined ? UNKNOWN_RANK_COLOR : RANK_BUCKETS[bucketOf(token.rank)]!.color,
    );
    const colours = await scorePanel
      .locator("[data-token-index]")
      .evaluateAll((elements) => elements.map((element) => getComputedStyle(element).backgroundColor));
    expect(colours).toEqual(expectedColours.map(rgb));
    await page.screenshot({ path: join(screenshots, "score-gltr.png"), fullPage: true });
  });

  it("fits a 360 px wide screen without sideways scrolling", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByRole("tab", { name: "Generate" }).click();
    await page.locator('[data-token-index="1"]').first().click();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(screenshots, "generate-360.png"), fullPage: true });
    await page.locator("#panel-generate .token-strip").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, "generate-360-viewport.png") });
    await page.getByRole("tab", { name: "Score" }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(screenshots, "score-360.png"), fullPage: true });
  });

  it("with --api-key, asks for the key, then every call carries it (score works)", async () => {
    const locked = await startServer({
      models: model,
      port: 0,
      host: "127.0.0.1",
      webRoot,
      log: () => {},
      apiKey: "e2e-secret",
    });
    const keyed = await context.newPage();
    try {
      await keyed.goto(locked.url);
      await keyed.getByText(/needs an API key/).waitFor();
      await keyed.getByLabel("API key").fill("e2e-secret");
      await keyed.getByRole("button", { name: "Use key" }).click();
      await keyed.getByText(model.id, { exact: true }).first().waitFor();
      await keyed.getByRole("tab", { name: "Score" }).click();
      await keyed.getByLabel("Text to score").fill(SCORE_TEXT);
      await keyed.getByRole("button", { name: "Score", exact: true }).click();
      await keyed.locator('[data-field="server-perplexity"]').waitFor();
      expect(await keyed.evaluate(() => sessionStorage.getItem("logprobe.apiKey"))).toBe("e2e-secret");
    } finally {
      await keyed.close();
      await locked.close(1000);
    }
  });
});
