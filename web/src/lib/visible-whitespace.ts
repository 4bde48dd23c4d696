/**
 * Makes whitespace in token text visible: a space shows as "·", a tab as "→", a newline as "↵"
 * (the token strip adds a real line break after it, see {@link newlineCount}). A token that is only part of a
 * UTF-8 character (its text holds U+FFFD or is empty) shows its bytes as hex instead.
 */

/** Display form of one token's text. Pure; the data attributes keep the real values. */
export function visibleTokenText(text: string, bytes?: readonly number[]): string {
  if ((text === "" || text.includes("\uFFFD")) && bytes && bytes.length > 0) {
    return bytes.map((byte) => `<${byte.toString(16).toUpperCase().padStart(2, "0")}>`).join("");
  }
  if (text === "") return "∅";
  let out = "";
  for (const character of text) {
    if (character === " ") out += "·";
    else if (character === "\t") out += "→";
    else if (character === "\n") out += "↵";
    else if (character === "\r") out += "␍";
    else out += character;
  }
  return out;
}

/** Short quoted label for a token in prose and aria labels: whitespace visible, at most 24 chars. */
export function tokenLabel(text: string, bytes?: readonly number[]): string {
  const visible = visibleTokenText(text, bytes);
  const short = [...visible].length > 24 ? `${[...visible].slice(0, 23).join("")}…` : visible;
  return `“${short}”`;
}

/** Number of line breaks in a token's text (the strip renders that many breaks after it). */
export function newlineCount(text: string): number {
  let count = 0;
  for (const character of text) if (character === "\n") count++;
  return count;
}
