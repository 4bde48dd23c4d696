/**
 * Recognises the damaged forms in which servers send tokens that hold part of a UTF-8 character
 * (byte-level BPE: emoji, CJK), instead of taking them as text:
 * - `replacement-bytes` (Ollama): the piece's text is U+FFFD and its `bytes` are the UTF-8 of that
 *   text (EF BF BD), not the token's own bytes, which are lost;
 * - `escaped-bytes` (DeepSeek): the text spells the bytes out, e.g. `"\xf0\x9f"`; the bytes can be
 *   read back exactly from it;
 * - `empty-text` (vLLM): a generated token with a logprob but empty text and no bytes; its bytes
 *   are lost.
 * {@link repairPartialCharacters} restores what can be restored (escaped bytes) and reports the
 * rest, so that a view can say which characters it cannot draw.
 */
import type { TokenLogprob } from "../types.js";

/** The damaged forms. */
export type DamagedForm = "replacement-bytes" | "escaped-bytes" | "empty-text";

/** What was found, per form. */
export interface DamageReport {
  form: DamagedForm;
  /** 0-based indexes of the tokens in this form. */
  positions: number[];
  /** True when the exact bytes were recovered (escaped bytes), false when they are lost. */
  repaired: boolean;
  /** One sentence for people. */
  message: string;
}

const REPLACEMENT_UTF8 = [0xef, 0xbf, 0xbd];
const ESCAPED_BYTES = /^(?:\\x[0-9a-fA-F]{2})+$/;

/** True when the token's bytes are just the UTF-8 of its text and that text holds U+FFFD. */
function hasReplacementBytes(token: TokenLogprob): boolean {
  if (!token.token.includes("\uFFFD")) return false;
  const encoded = [...new TextEncoder().encode(token.token)];
  return (
    encoded.length === token.bytes.length &&
    encoded.every((byte, index) => byte === token.bytes[index]) &&
    REPLACEMENT_UTF8.every((byte, index) => token.bytes[token.bytes.indexOf(0xef) + index] === byte)
  );
}

function escapedBytes(text: string): number[] | undefined {
  if (!ESCAPED_BYTES.test(text)) return undefined;
  return text
    .split("\\x")
    .slice(1)
    .map((hex) => Number.parseInt(hex, 16));
}

const messages: Record<DamagedForm, (count: number) => string> = {
  "replacement-bytes": (count) =>
    `${count} token(s) hold part of a character split across tokens, sent as U+FFFD with the bytes of U+FFFD (as Ollama does): the exact bytes are lost, so those characters cannot be drawn`,
  "escaped-bytes": (count) =>
    `${count} token(s) spell a partial character's bytes out as text (e.g. "\\xf0\\x9f", as DeepSeek does): read back as exact bytes`,
  "empty-text": (count) =>
    `${count} generated token(s) have a logprob but empty text and no bytes (as vLLM sends a partial character): the exact bytes are lost`,
};

/**
 * Finds the damaged forms and returns the tokens with escaped bytes restored (text U+FFFD, exact
 * bytes) plus one report per form found. The input is not changed. Cost: O(total token length).
 */
export function repairPartialCharacters(tokens: readonly TokenLogprob[]): {
  tokens: TokenLogprob[];
  reports: DamageReport[];
} {
  const found: Record<DamagedForm, number[]> = {
    "replacement-bytes": [],
    "escaped-bytes": [],
    "empty-text": [],
  };
  const repaired = tokens.map((token, index) => {
    const bytes = escapedBytes(token.token);
    if (bytes) {
      found["escaped-bytes"].push(index);
      const decoded = new TextDecoder("utf-8").decode(Uint8Array.from(bytes));
      return { ...token, token: decoded, bytes };
    }
    if (hasReplacementBytes(token)) found["replacement-bytes"].push(index);
    else if (token.token === "" && token.bytes.length === 0 && token.logprob !== null && !token.prompt) {
      found["empty-text"].push(index);
    }
    return token;
  });
  const reports = (Object.keys(found) as DamagedForm[])
    .filter((form) => found[form].length > 0)
    .map((form) => ({
      form,
      positions: found[form],
      repaired: form === "escaped-bytes",
      message: messages[form](found[form].length),
    }));
  return { tokens: repaired, reports };
}
