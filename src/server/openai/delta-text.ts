/**
 * The text of a streamed answer, delta by delta, decoded from token bytes so that a character
 * split across tokens is sent whole, once complete. At the end, whatever the final text holds
 * beyond what was sent (a held-back partial character) is sent too, so the deltas always join to
 * the final text.
 */
export class DeltaText {
  readonly #decoder = new TextDecoder("utf-8", { fatal: false });
  #sent = "";

  /** Length (UTF-16 code units) of the text sent so far. */
  get length(): number {
    return this.#sent.length;
  }

  /** The new complete characters that `bytes` add. Cost: O(bytes). */
  push(bytes: readonly number[]): string {
    const delta = this.#decoder.decode(Uint8Array.from(bytes), { stream: true });
    this.#sent += delta;
    return delta;
  }

  /** What `finalText` holds beyond the text sent so far ("" when nothing, or when they diverge). */
  rest(finalText: string): string {
    const rest = finalText.startsWith(this.#sent) ? finalText.slice(this.#sent.length) : "";
    this.#sent = finalText;
    return rest;
  }
}
