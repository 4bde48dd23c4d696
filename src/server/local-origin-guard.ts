/**
 * Defence against cross-site requests and DNS rebinding for a server without an API key. A web
 * page the user visits can send requests to `http://127.0.0.1:PORT`; through DNS rebinding it can
 * even read the answers, with its own name in the `Host` header. So a keyless server answers only
 * requests whose `Host` is a loopback name (or one of `allowedHosts`, `--allow-host`) and whose
 * `Origin`, when a browser sends one, is loopback, an allowed host, or one of `allowedOrigins`
 * (origins that passed CORS, e.g. a `--cors` list). With an API key, the key is the defence and
 * this guard is not installed.
 */
import type { MiddlewareHandler } from "hono";
import { isLoopbackHost } from "./loopback-host.js";
import { ForbiddenHostError, ForbiddenOriginError } from "./server-errors.js";

/** What the guard accepts besides loopback names. */
export interface LocalOriginGuardOptions {
  /** Extra host names accepted in `Host` and `Origin` (no port); `*` accepts any host. */
  allowedHosts?: readonly string[];
  /** Exact origins accepted in `Origin` (`scheme://host[:port]`), e.g. those allowed by CORS. */
  allowedOrigins?: readonly string[];
}

/** A host name as compared: lower case, without IPv6 brackets or a trailing dot. */
export function normalizeHostName(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith("[") && name.endsWith("]")) name = name.slice(1, -1);
  if (name.endsWith(".")) name = name.slice(0, -1);
  return name;
}

/** An origin as compared: `scheme://host[:port]` in lower case, without a trailing slash. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, "");
}

/** True when `host` (a name without port) is loopback or one of `allowedHosts`. */
function hostAllowed(host: string, allowedHosts: ReadonlySet<string>): boolean {
  const name = normalizeHostName(host);
  return allowedHosts.has("*") || isLoopbackHost(name) || allowedHosts.has(name);
}

/** The host name of a `Host` header (`name`, `name:port`, `[v6]:port`); undefined when absent. */
function hostOfHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value.startsWith("[")) return value.slice(0, value.indexOf("]") + 1 || undefined);
  return value.split(":")[0];
}

/** The host name (no port, no brackets) that an `Origin` header names; undefined when opaque. */
function originHostName(origin: string): string | undefined {
  if (origin === "null") return undefined;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The middleware. Throws {@link ForbiddenHostError} for a foreign `Host` and
 * {@link ForbiddenOriginError} for a foreign `Origin`. Cost: one URL parse per request.
 */
export function localOriginGuard(options: LocalOriginGuardOptions = {}): MiddlewareHandler {
  const allowedHosts = new Set((options.allowedHosts ?? []).map(normalizeHostName));
  // "*" (from `--cors *`) lets every page's Origin through; the Host check still holds.
  const anyOrigin = (options.allowedOrigins ?? []).includes("*");
  const allowedOrigins = new Set(
    (options.allowedOrigins ?? []).filter((origin) => origin !== "*").map(normalizeOrigin),
  );
  return async (c, next) => {
    // The Node adapter builds the URL from the Host header, except for an absolute request target
    // (`GET http://127.0.0.1/ HTTP/1.1`); both names must be allowed.
    for (const host of [new URL(c.req.url).hostname, hostOfHeader(c.req.header("host"))]) {
      if (host !== undefined && !hostAllowed(host, allowedHosts)) throw new ForbiddenHostError(host);
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !anyOrigin && !allowedOrigins.has(normalizeOrigin(origin))) {
      const originHost = originHostName(origin);
      if (originHost === undefined || !hostAllowed(originHost, allowedHosts)) {
        throw new ForbiddenOriginError(origin);
      }
    }
    await next();
  };
}
