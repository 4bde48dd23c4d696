/**
 * The built web app (`dist/web`: index.html and assets) at `/`, with content types by extension.
 * Paths that are not files fall back to index.html (the app routes on the client), except API
 * paths (every dialect's, see dialects.ts). Without a build, `/` answers a short plain page saying how to build it.
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { Hono } from "hono";
import { isApiPath } from "../dialects.js";
import type { ServerEnv } from "../server-state.js";

/** Content types of the files a Vite build emits. */
export const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

/** The plain page served at `/` when the web app is not built. */
export const notBuiltPage = [
  "logprobe server",
  "",
  "The web UI is not built. Build it with `npm run build` (it writes dist/web), then restart",
  "`logprobe serve`. The API works without it: see GET /v1/models and POST /v1/completions.",
  "",
].join("\n");

async function fileAt(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const candidate = resolve(root, `.${decoded}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    const info = await stat(candidate);
    if (info.isFile()) return candidate;
    if (info.isDirectory()) {
      const index = join(candidate, "index.html");
      if ((await stat(index).catch(() => undefined))?.isFile()) return index;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The static route; `webRoot` is the build folder (absent or missing: the not-built page). */
export function staticRoute(webRoot: string | undefined): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const root = webRoot === undefined ? undefined : resolve(webRoot);
  const built = root !== undefined && existsSync(join(root, "index.html"));
  if (!root || !built) {
    app.get("/", (c) => c.text(notBuiltPage));
    return app;
  }
  app.get("*", async (c, next) => {
    const path = c.req.path;
    if (isApiPath(path)) return next();
    const file = (await fileAt(root, path)) ?? (extname(path) === "" ? join(root, "index.html") : undefined);
    if (!file) return next();
    const body = await readFile(file);
    const type = contentTypes[extname(file).toLowerCase()] ?? "application/octet-stream";
    const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
    return c.body(body, 200, { "Content-Type": type, "Cache-Control": cache });
  });
  return app;
}
