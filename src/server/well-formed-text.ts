/**
 * Text as every JSON decoder accepts it. JSON text may carry a lone UTF-16 surrogate as an escape
 * (`"\ud800"`); JavaScript keeps it, but strict decoders (Python's `json` with surrogatepass off,
 * Rust's serde, Go) reject or mangle such a string, and a tokenizer sees U+FFFD in its place.
 */

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` with every lone surrogate replaced by U+FFFD (what `String.prototype.toWellFormed`
 * does); the length, and so every offset into the text, stays the same. Cost: one scan.
 */
export function wellFormedText(text: string): string {
  return text.replace(loneSurrogate, "\uFFFD");
}
