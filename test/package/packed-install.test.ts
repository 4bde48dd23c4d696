/**
 * The package as users get it: `npm pack`, then `npm install <tarball>` into an empty folder, then
 * `analyze`, the main job (on stories260K) and `serve` run from there. Bounded and offline: the
 * runtime dependencies are hard-linked from this checkout's node_modules (only the production
 * closure of package-lock.json), so npm installs just the tarball with `--offline`; the folder's
 * `allowScripts` lets logprobe's own install script build the native addon (about 20 s), as a user
 * who allows it gets; the dependencies' scripts stay blocked (npm 11's default).
 * Oracles: the model's published greedy continuation (../shared/models/README.md), the recorded
 * OpenAI response the analyze fixture holds, and Linux's /proc/self/maps for what a process loaded.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const folder = mkdtempSync(join(tmpdir(), "logprobe-packed-"));
const installed = join(folder, "node_modules", "logprobe");
const cli = join(installed, "bin", "logprobe.js");

function run(args: string[], options: { timeout?: number; env?: Record<string, string> } = {}) {
  return execFileSync(process.execPath, args, {
    cwd: folder,
    encoding: "utf8",
    timeout: options.timeout ?? 60_000,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
}

/** Hard-links (copies across devices) the production closure of package-lock.json into `target`. */
function linkRuntimeDependencies(target: string): void {
  const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith("node_modules/") || entry.dev || key.slice(13).includes("node_modules/")) continue;
    const source = join(repoRoot, key);
    if (!existsSync(source)) continue; // an optional package for another platform
    const destination = join(target, key);
    mkdirSync(dirname(destination), { recursive: true });
    try {
      execFileSync("cp", ["-al", source, destination]);
    } catch {
      execFileSync("cp", ["-a", source, destination]);
    }
  }
}

describe.skipIf(!requireTestModel())("installed from the packed tarball", { timeout: 300_000 }, () => {
  beforeAll(() => {
    if (!existsSync(join(repoRoot, "dist", "src", "cli", "bin.js"))) {
      throw new Error("dist/ is not built: run `npm run build` (npm ci does) before this test");
    }
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", folder], {
        cwd: repoRoot,
        encoding: "utf8",
      }),
    ) as { filename: string }[];
    writeFileSync(
      join(folder, "package.json"),
      JSON.stringify({
        name: "packed-install-test",
        version: "1.0.0",
        private: true,
        allowScripts: { logprobe: true },
      }),
    );
    linkRuntimeDependencies(folder);
    execFileSync(
      "npm",
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
        join(folder, packed[0]!.filename),
      ],
      { cwd: folder, encoding: "utf8", timeout: 240_000, env: { ...process.env, LOGPROBE_NATIVE_CPU: "0" } },
    );
  }, 300_000);

  afterAll(() => {
    // The folder is left in the system's temp directory for inspection when a check fails.
  });

  it("holds the addon's sources and built it at install; no web-only package is a dependency", () => {
    expect(readdirSync(join(installed, "native", "src")).sort()).toContain("addon.cc");
    expect(existsSync(join(installed, "native", "build", "Release", "logprobe_native.node"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain("react");
    expect(Object.keys(manifest.dependencies)).not.toContain("react-dom");
    expect(existsSync(join(installed, "dist", "web", "index.html"))).toBe(true);
  });

  it("import 'logprobe' loads no SQLite module; a cache does", () => {
    const script = join(folder, "sqlite-loaded.mjs");
    writeFileSync(
      script,
      `import { createRequire } from "node:module";
const logprobe = await import("logprobe");
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/better-sqlite3/"));
const before = loaded();
if (process.argv[2] === "cache") new (await import("logprobe/providers")).SqliteResponseCache(":memory:").close();
console.log(JSON.stringify({ before, after: loaded(), exports: Object.keys(logprobe).length }));
`,
    );
    // Oracle: Node's CommonJS module cache lists every CommonJS module a process has loaded.
    expect(JSON.parse(run([script]))).toMatchObject({ before: false, after: false });
    expect(JSON.parse(run([script, "cache"]))).toMatchObject({ before: false, after: true });
  });

  it("analyze reads a saved OpenAI response", () => {
    const fixture = join(repoRoot, "src", "wire", "__fixtures__", "openai-chat.json");
    const output = JSON.parse(run([cli, "analyze", fixture, "--json"])) as {
      tokens: unknown[];
      format: string;
    };
    expect(output.tokens.length).toBeGreaterThan(0);
  });

  it("the main job continues the test model like llama.cpp, on the native fast path", () => {
    const output = JSON.parse(
      run(
        [
          cli,
          "Once upon a time",
          "-m",
          testModelPath,
          "-t",
          "1",
          "-c",
          "512",
          "--gpu",
          "off",
          "-n",
          "8",
          "--json",
        ],
        {
          env: { LOGPROBE_NATIVE_DEBUG: "1" },
        },
      ),
    ) as { text: string };
    expect(output.text.startsWith(", there was a little girl")).toBe(true);
    // A script file, not `node -e`: node-llama-cpp tests its binding in a child that inherits execArgv.
    const script = join(folder, "evaluator.mjs");
    writeFileSync(
      script,
      `const { loadModel } = await import("logprobe");
const model = await loadModel({ model: ${JSON.stringify(testModelPath)}, threads: 1, contextSize: 512, gpu: false });
console.log(model.evaluator.name);
await model.close();
`,
    );
    const evaluator = run([script]);
    expect(evaluator.trim()).toBe("native");
  });

  it("serve answers an OpenAI completions request", async () => {
    const child = spawn(
      process.execPath,
      [cli, "serve", "-m", testModelPath, "-t", "1", "-c", "512", "--gpu", "off", "--port", "0"],
      { cwd: folder, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = "";
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${text}`)), 60_000);
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          text += chunk;
          const match = /at (http:\/\/\S+)/.exec(text);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${text}`)));
      });
      const response = await fetch(`${url}/v1/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt: "Once upon a time", max_tokens: 4, logprobs: 2, temperature: 0 }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: { text: string }[] };
      expect(body.choices[0]!.text.startsWith(", there was")).toBe(true);
    } finally {
      child.kill("SIGINT");
    }
  });
});
