/**
 * Which tokens each forward pass evaluates when a text is longer than one window, for scoring and
 * for comparing models on the same text. Two plans:
 * - {@link planWindows}: Hugging Face's sliding-window perplexity (windows of `textWindow` tokens
 *   every `stride` tokens; each scores only the tokens the previous window did not), what `score`
 *   uses, so every token after the first window sees at least `textWindow - stride` tokens;
 * - {@link perplexityChunkWindows}: llama.cpp's `llama-perplexity` chunks (non-overlapping windows
 *   of `windowSize` tokens, first token replaced by BOS, second half scored), so that numbers can be
 *   compared with that tool's.
 */
import { InvalidInputError } from "../errors.js";

/** One window of the sliding-window plan: evaluate `[begin, end)`, score `[scoreFrom, end)`. */
export interface ScoreWindow {
  begin: number;
  end: number;
  scoreFrom: number;
}

/**
 * The windows over `tokenCount` text tokens (Hugging Face's perplexity guide: windows of
 * `textWindow` tokens every `stride` tokens; each scores from where the previous one ended). O(n / stride).
 */
export function planWindows(tokenCount: number, textWindow: number, stride: number): ScoreWindow[] {
  const windows: ScoreWindow[] = [];
  let previousEnd = 0;
  for (let begin = 0; begin < tokenCount; begin += stride) {
    const end = Math.min(begin + textWindow, tokenCount);
    windows.push({ begin, end, scoreFrom: previousEnd });
    previousEnd = end;
    if (end === tokenCount) break;
  }
  return windows;
}

/**
 * One forward pass of a distribution comparison: `input` is evaluated from an empty sequence, and
 * the next-token distribution after `input[positions[i]]` predicts text token `targets[i]`.
 */
export interface DistributionWindow {
  input: number[];
  /** Indices into `input`, increasing. */
  positions: number[];
  /** Index into the text's tokens of the token each position predicts. */
  targets: number[];
}

/**
 * The sliding-window plan ({@link planWindows}) as distribution windows: BOS first in every window
 * when `bos` is not null (the first text token is then predicted from BOS), else the first text
 * token is never predicted. O(n * windowSize / stride).
 *
 * @param tokens the text's tokens (no BOS)
 * @param windowSize tokens per forward pass, BOS included
 * @param stride tokens the window moves (default: half the text window)
 * @throws {InvalidInputError} when the window leaves no room for a text token or the stride exceeds it
 */
export function slidingDistributionWindows(
  tokens: readonly number[],
  windowSize: number,
  bos: number | null,
  stride?: number,
): DistributionWindow[] {
  const offset = bos === null ? 0 : 1;
  const textWindow = windowSize - offset;
  if (!Number.isInteger(textWindow) || textWindow < 1)
    throw new InvalidInputError(
      "windowSize",
      `windowSize must be an integer of at least ${offset + 1}`,
      `${offset + 1} or more`,
    );
  const step = stride ?? Math.max(1, Math.floor(textWindow / 2));
  if (!Number.isInteger(step) || step < 1 || step > textWindow)
    throw new InvalidInputError(
      "stride",
      `stride must be an integer from 1 to ${textWindow} (the window's text tokens)`,
      `1 to ${textWindow}`,
    );
  return planWindows(tokens.length, textWindow, step).map((window) => {
    const input = [...(bos === null ? [] : [bos]), ...tokens.slice(window.begin, window.end)];
    const positions: number[] = [];
    const targets: number[] = [];
    for (let position = 0; position + 1 < input.length; position++) {
      const next = window.begin + position - offset + 1;
      if (next < window.scoreFrom || next >= window.end) continue;
      positions.push(position);
      targets.push(next);
    }
    return { input, positions, targets };
  });
}

/**
 * llama-perplexity's chunks: the tokens with BOS first (when `bos` is not null) are cut into
 * `floor(n / windowSize)` windows of `windowSize` tokens (a shorter tail is dropped), the first
 * token of each is replaced by BOS, and positions `windowSize/2 .. windowSize-2` are compared
 * (each predicts the next token of its window). O(n).
 *
 * @param tokens the text's tokens (no BOS)
 * @throws {InvalidInputError} when fewer than one window fits
 */
export function perplexityChunkWindows(
  tokens: readonly number[],
  windowSize: number,
  bos: number | null,
): DistributionWindow[] {
  const all = bos === null ? [...tokens] : [bos, ...tokens];
  const offset = bos === null ? 0 : 1;
  const count = Math.floor(all.length / windowSize);
  if (!Number.isInteger(windowSize) || windowSize < 4 || count < 1) {
    throw new InvalidInputError(
      "windowSize",
      `llama-perplexity windows need at least one window of ${windowSize} tokens (an integer >= 4); the text has ${all.length} tokens with BOS`,
      `4 to ${Math.max(4, all.length)}`,
    );
  }
  const first = Math.floor(windowSize / 2);
  const windows: DistributionWindow[] = [];
  for (let chunk = 0; chunk < count; chunk++) {
    const input = all.slice(chunk * windowSize, (chunk + 1) * windowSize);
    if (bos !== null) input[0] = bos;
    const positions: number[] = [];
    const targets: number[] = [];
    for (let position = first; position + 1 < windowSize; position++) {
      positions.push(position);
      targets.push(chunk * windowSize + position + 1 - offset);
    }
    windows.push({ input, positions, targets });
  }
  return windows;
}
