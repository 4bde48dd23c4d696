/**
 * How many terminal columns a string takes, as terminals draw it (the rules of wcwidth and of
 * Unicode's East Asian Width, UAX #11): wide and fullwidth characters (CJK, Hangul, kana,
 * fullwidth forms) and emoji shown as emoji take 2 columns; combining marks, zero-width joiners,
 * variation selectors and control characters take 0; everything else 1. Counted per grapheme
 * cluster, so a family emoji joined with ZWJ or a flag is one 2-column picture.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Code points of East Asian Width W or F (UAX #11), by block. */
const WIDE =
  /[\u1100-\u115F\u231A\u231B\u2329\u232A\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{16FE4}\u{17000}-\u{18CFF}\u{1B000}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;
/** Emoji drawn as pictures: default emoji presentation, or any pictograph with VS16 (U+FE0F). */
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPH_WITH_VS16 = /\p{Extended_Pictographic}\uFE0F/u;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;
/** Zero width on their own: marks, format characters (ZWJ, ZWSP, ...), controls. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;

function clusterWidth(cluster: string): number {
  if (ZERO_WIDTH.test(cluster)) return 0;
  if (
    EMOJI_PRESENTATION.test(cluster) ||
    PICTOGRAPH_WITH_VS16.test(cluster) ||
    REGIONAL_INDICATOR.test(cluster)
  ) {
    return 2;
  }
  const first = String.fromCodePoint(cluster.codePointAt(0) ?? 0);
  return WIDE.test(first) ? 2 : 1;
}

/** Terminal columns of `text` (ANSI escape codes are not expected here). Cost: O(length). */
export function displayWidth(text: string): number {
  let width = 0;
  // ASCII fast path: one column per printable character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  for (const { segment } of segmenter.segment(text)) width += clusterWidth(segment);
  return width;
}

/** `text` padded with spaces on the right to `width` columns. */
export function padEndColumns(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` padded with spaces on the left to `width` columns. */
export function padStartColumns(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
}
