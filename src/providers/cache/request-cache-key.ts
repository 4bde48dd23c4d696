/**
 * The cache key of a provider request: SHA-256 of its canonical JSON. Two requests share a key
 * exactly when provider, base URL, model, endpoint and body are equal (object key order ignored).
 * The API key is never part of it.
 */
import { createHash } from "node:crypto";

/** What identifies one remote request. */
export interface CacheableRequest {
  provider: string;
  baseUrl: string;
  model: string;
  /** Endpoint path, e.g. "/chat/completions". */
  path: string;
  /** The JSON body sent. */
  body: unknown;
}

/**
 * JSON with object keys sorted at every depth, so equal values serialise equally. `undefined`
 * object members are dropped, as JSON.stringify does. Cost: O(size log keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(",")}}`;
}

/** Hex SHA-256 of the canonical JSON of the request. */
export function requestCacheKey(request: CacheableRequest): string {
  const canonical = canonicalJson({
    provider: request.provider,
    baseUrl: request.baseUrl.replace(/\/+$/, ""),
    model: request.model,
    path: request.path,
    body: request.body,
  });
  return createHash("sha256").update(canonical).digest("hex");
}
