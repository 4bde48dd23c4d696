/**
 * Reads captured server-sent events (as `curl -N` prints a streamed OpenAI response) into the JSON
 * payloads of their `data:` lines.
 */
import { InvalidInputError } from "../core/errors.js";

/** True when the text looks like an SSE capture (its first non-blank line is `data:` or `event:`). */
export function looksLikeSse(text: string): boolean {
  const first = text.trimStart().split(/\r?\n/, 1)[0] ?? "";
  return /^(data|event):/.test(first);
}

/**
 * The JSON payload of every `data:` event in order; `[DONE]` ends the stream. Multi-line data
 * fields are joined with "\n" as the SSE spec says. Throws `InvalidInputError` naming the line of
 * a payload that is not JSON. Cost: O(text length).
 */
export function parseSseData(text: string): unknown[] {
  const payloads: unknown[] = [];
  let data: string[] = [];
  let startLine = 0;
  const lines = text.split(/\r?\n/);
  const flush = (): boolean => {
    if (data.length === 0) return true;
    const joined = data.join("\n");
    data = [];
    if (joined.trim() === "[DONE]") return false;
    try {
      payloads.push(JSON.parse(joined));
    } catch (error) {
      throw new InvalidInputError(
        `line ${startLine}`,
        `SSE data is not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    return true;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line === "") {
      if (!flush()) return payloads;
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      if (data.length === 0) startLine = index + 1;
      data.push(value);
    }
  }
  flush();
  return payloads;
}
