/**
 * Vite build of the web UI: root web/, output ../dist/web (served by `logprobe serve` at `/`),
 * relative asset paths so the page works under any mount point, everything bundled (no CDN).
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
  server: { host: "127.0.0.1" },
});
