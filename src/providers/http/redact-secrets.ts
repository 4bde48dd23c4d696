/**
 * Removes API keys from text before it reaches an error message, a log line or a cache row.
 */

/** What a redacted secret is replaced with. */
export const REDACTED = "[redacted]";

/** Shapes that look like credentials even when the caller did not name them (bearer tokens, sk- keys). */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[A-Za-z0-9_-]{20,}/g,
];

/**
 * Replaces every occurrence of each secret, and anything shaped like a bearer token or a known
 * key format, with {@link REDACTED}. Secrets shorter than 4 characters are ignored (replacing them
 * would mangle ordinary text). Cost: O(text length x secrets).
 *
 * @param text text that may contain a key (a response body, an error message, a URL)
 * @param secrets the keys in use
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    result = result.split(secret).join(REDACTED);
  }
  for (const pattern of CREDENTIAL_PATTERNS) result = result.replace(pattern, REDACTED);
  return result;
}

/**
 * A URL safe to show: query parameters that usually carry keys (`key`, `api_key`, `token`, ...)
 * are replaced, and user info (`user:password@`) is removed; then {@link redactSecrets} runs.
 */
export function redactUrl(url: string, secrets: readonly (string | undefined)[]): string {
  let shown = url;
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    for (const name of [...parsed.searchParams.keys()]) {
      if (/^(key|api[-_]?key|token|access[-_]?token|auth)$/i.test(name))
        parsed.searchParams.set(name, REDACTED);
    }
    shown = parsed.toString();
  } catch {
    // Not a URL: redact as text.
  }
  return redactSecrets(shown, secrets);
}
