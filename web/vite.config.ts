/**
 * Vite build of the web UI: root web/, output ../dist/web (served by `logprobe serve` at `/`),
 * relative asset paths so the page works under any mount point, everything bundled (no CDN).
 * The dev server (`npx vite --config web/vite.config.ts`) forwards API calls to a running
 * `logprobe serve` at LOGPROBE_URL (default http://127.0.0.1:8080).
 */

import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "./",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    host: "127.0.0.1",
    proxy: Object.fromEntries(
      ["/v1", "/health"].map((path) => [path, process.env.LOGPROBE_URL ?? "http://127.0.0.1:8080"]),
    ),
  },
});
