#!/usr/bin/env node
// Runs before `npm start` and `npm test` (prestart, pretest): in a fresh clone, or after
// package-lock.json changed, it runs `npm ci` first, which installs the dependencies and builds
// the CLI, the web UI and the native fast path (see native/build.mjs). So the README's two
// commands work on a machine where nothing was run before. Uses Node's built-ins only: it runs
// before node_modules exists.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Why an install is needed, or undefined when everything is in place. */
function missingPiece() {
  const installed = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(installed)) return "dependencies are not installed";
  if (statSync(join(root, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs)
    return "package-lock.json changed since the last install";
  if (!existsSync(join(root, "dist", ".build-stamp"))) return "the CLI is not built";
  if (!existsSync(join(root, "native", "build", "addon.json")) && process.env.LOGPROBE_SKIP_NATIVE !== "1")
    return "the native addon was not built";
  return undefined;
}

const why = missingPiece();
if (why !== undefined) {
  console.error(
    `logprobe: ${why}; running \`npm ci\` first (dependencies, CLI, web UI and native fast path: a few minutes the first time)...`,
  );
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(
      `logprobe: \`npm ci\` failed (${result.signal ?? `exit ${result.status}`}); see its output above.`,
    );
    process.exit(result.status ?? 1);
  }
}
