/**
 * The API key of a server started with `--api-key`, as the user typed it in the page. Kept in
 * `sessionStorage`: it lasts while the tab is open and is never written to disk by the page,
 * nor shared with other tabs or sites. Read by the HTTP client for every call.
 */

const STORAGE_KEY = "logprobe.apiKey";

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The key stored for this page session, or undefined. */
export function readApiKey(): string | undefined {
  const value = storage()?.getItem(STORAGE_KEY);
  return value ? value : undefined;
}

/** Stores the key for this page session; an empty key forgets it. */
export function storeApiKey(key: string): void {
  const trimmed = key.trim();
  if (trimmed === "") storage()?.removeItem(STORAGE_KEY);
  else storage()?.setItem(STORAGE_KEY, trimmed);
}

/** Headers that carry the stored key (none when no key is stored). */
export function authorizationHeaders(): Record<string, string> {
  const key = readApiKey();
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}
