/**
 * Stop-string detection for streamed text: where the first stop string starts, and how much of the
 * text is safe to hand out because no stop string can begin in it any more.
 */
export class StopStringMatcher {
  readonly #stops: readonly string[];
  readonly #longest: number;

  constructor(stops: readonly string[]) {
    this.#stops = stops.filter((stop) => stop.length > 0);
    this.#longest = Math.max(0, ...this.#stops.map((stop) => stop.length));
  }

  /** True when there is at least one stop string. */
  get active(): boolean {
    return this.#stops.length > 0;
  }

  /**
   * Index of the earliest occurrence of any stop string in `text`, or -1. Only the part from
   * `searchFrom - (longest stop - 1)` on is searched, so callers can pass the previous text length.
   * Cost: O(searched length * number of stops).
   */
  find(text: string, searchFrom = 0): number {
    const start = Math.max(0, searchFrom - this.#longest + 1);
    let best = -1;
    for (const stop of this.#stops) {
      const index = text.indexOf(stop, start);
      if (index >= 0 && (best < 0 || index < best)) best = index;
    }
    return best;
  }

  /**
   * Length of the prefix of `text` (which holds no full stop string) in which no stop string can
   * start: the text minus its longest suffix that is a proper prefix of some stop string.
   */
  safeLength(text: string): number {
    let held = 0;
    for (const stop of this.#stops) {
      for (let length = Math.min(stop.length - 1, text.length); length > held; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          held = length;
          break;
        }
      }
    }
    return text.length - held;
  }
}
