/**
 * The Node entry: serves the app with @hono/node-server on a host and port, and stops it
 * gracefully. Takes models that are already built (the CLI's `serve` loads them).
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { AppOptions } from "./app-options.js";
import { createApp, type LogprobeApp } from "./create-app.js";

export { isLoopbackHost } from "./loopback-host.js";

/** Options of {@link startServer}: the app's, plus where to listen. */
export interface StartServerOptions extends AppOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Interface to bind, e.g. "127.0.0.1" (loopback only) or "0.0.0.0" (every interface). */
  host: string;
  /**
   * Time a client has to send its whole request, headers and body, in milliseconds; past it the
   * server answers 408 and closes the connection (Node's `requestTimeout`), so slow bodies cannot
   * hold connections. The per-request `requestTimeoutMs` starts once the body is read. Default
   * 60000; 0 disables.
   */
  bodyTimeoutMs?: number;
  /** Open connections at most; further ones are closed at once (Node's `maxConnections`). Default 256. */
  maxConnections?: number;
}

/** Defaults of the connection limits of {@link startServer}. */
export const defaultConnectionLimits = { bodyTimeoutMs: 60_000, maxConnections: 256 } as const;

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The port actually bound. */
  port: number;
  app: LogprobeApp;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs` (default
   * 10000), cancels the rest, then closes every connection. Safe to call more than once.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * The package's `dist/web` folder (where the web app is built), found by walking up from this file
 * to the folder holding package.json; works from `src/server` (tsx) and `dist/src/server` (built).
 */
export function defaultWebRoot(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(folder, "package.json"))) return join(folder, "dist", "web");
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

/** Starts the server; resolves once it listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const webRoot = options.webRoot ?? defaultWebRoot();
  const app = createApp({ ...options, ...(webRoot !== undefined ? { webRoot: resolve(webRoot) } : {}) });
  const bodyTimeoutMs = options.bodyTimeoutMs ?? defaultConnectionLimits.bodyTimeoutMs;
  const serverOptions = {
    requestTimeout: bodyTimeoutMs,
    // Node requires headersTimeout <= requestTimeout; it checks both every interval.
    headersTimeout: bodyTimeoutMs === 0 ? 60_000 : Math.min(60_000, bodyTimeoutMs),
    connectionsCheckingInterval: bodyTimeoutMs === 0 ? 30_000 : Math.min(1_000, bodyTimeoutMs),
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const instance = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host, serverOptions },
      () => resolveServer(instance),
    );
    instance.once("error", reject);
  });
  server.maxConnections = options.maxConnections ?? defaultConnectionLimits.maxConnections;
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000) => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await app.drain(graceMs);
      if ("closeIdleConnections" in server) server.closeIdleConnections();
      if ("closeAllConnections" in server) server.closeAllConnections();
      await closed;
    })();
    return closing;
  };
  return { url: `http://${hostForUrl}:${address.port}`, port: address.port, app, close };
}
