/**
 * Cross-origin access for browser apps (`--cors ORIGIN`, off by default): requests whose `Origin`
 * is listed get `Access-Control-Allow-Origin`, and their preflight `OPTIONS` is answered (204, the
 * methods, the headers the browser asks for: OpenAI's clients send `x-stainless-*`). Preflights
 * carry no credentials, so they are answered before authentication; every other request still
 * needs the API key when one is set. Other origins get no CORS headers, so browsers block them.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { InvalidInputError } from "../core/errors.js";

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

const allowed =
  'an origin such as "https://app.example.com" or "http://localhost:5173" (scheme, host, optional port; no path), or "*"';

/**
 * Checks one origin as a user typed it and returns it in the form browsers send (`URL.origin`:
 * lower-case scheme and host, no default port). `field` names the flag or option in errors.
 *
 * @throws {InvalidInputError} for anything but `*` or an http(s) origin without path, query or user
 */
export function parseCorsOrigin(value: string, field = "--cors"): string {
  const trimmed = value.trim();
  if (trimmed === "*") return "*";
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidInputError(field, `"${value}" is not an origin`, allowed);
  }
  const bare = url.pathname === "/" && !trimmed.endsWith("/") && url.search === "" && url.hash === "";
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare || url.username !== "") {
    throw new InvalidInputError(field, `"${value}" is not an origin`, allowed);
  }
  return url.origin;
}

/** The middleware for `origins` (already checked with {@link parseCorsOrigin}). */
export function corsMiddleware(origins: readonly string[]): MiddlewareHandler {
  return cors({
    origin: origins.includes("*") ? "*" : [...origins],
    allowMethods: ["GET", "POST", "OPTIONS"],
    exposeHeaders: ["Retry-After", "WWW-Authenticate"],
    maxAge: CORS_MAX_AGE_SECONDS,
  });
}
