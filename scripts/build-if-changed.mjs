#!/usr/bin/env node
// `npm run prepare`'s second half: runs `npm run build` (the CLI/library with tsc, the web app with
// Vite) unless dist/ was built after the last change to its inputs. `npm ci` runs `prepare`, and so
// does the first `npx logprobe` in a clone (npx installs the folder as a linked package); without
// this check that first command rebuilt everything again (tens of seconds).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "dist", ".build-stamp");
const inputs = ["src", "web", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];

/** Newest modification time under `path` (files only; node_modules and dist skipped). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist") continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

// An installed package (from the registry or a packed tarball) ships dist/ built and no sources.
if (!existsSync(join(root, "src"))) process.exit(0);

if (!existsSync(join(root, "node_modules", ".bin", "tsc"))) {
  console.error(
    `logprobe: prepare cannot build the CLI: dependencies are not installed in ${root} (no node_modules/.bin/tsc). Run \`npm ci\` there, or \`npm start\`, which installs them first.`,
  );
  process.exit(1);
}

const inputsChanged = Math.max(...inputs.map((input) => newest(join(root, input))));
if (
  existsSync(stamp) &&
  statSync(stamp).mtimeMs > inputsChanged &&
  process.env.LOGPROBE_FORCE_BUILD !== "1"
) {
  process.exit(0);
}
try {
  execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], {
    cwd: root,
    stdio: "inherit",
  });
} catch (error) {
  console.error(
    `logprobe: prepare failed: \`npm run build\` (tsc and vite) ${error.status ? `exited with ${error.status}` : "failed"}; see its output above.`,
  );
  process.exit(1);
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
