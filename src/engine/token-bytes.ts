/**
 * Exact UTF-8 bytes of each vocabulary token, read from the GGUF tokenizer metadata. A token may
 * hold part of a multi-byte character, so bytes (not text) are the truth; text is derived.
 */
import type { LlamaModel, Token } from "node-llama-cpp";

/** Maps a token id to its exact bytes. Results are cached per id; the first call per id is O(piece length). */
export type TokenBytes = (id: number) => Uint8Array;

const utf8 = new TextEncoder();

/** GPT-2 byte-level BPE: the printable character each byte is written as (inverse used here). */
function gpt2UnicodeToByte(): Map<number, number> {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const codes = [...bytes];
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      codes.push(256 + extra);
      extra++;
    }
  }
  const map = new Map<number, number>();
  bytes.forEach((byte, index) => {
    map.set(codes[index]!, byte);
  });
  return map;
}

/** GGUF token types (llama.cpp's llama_token_type). */
const tokenTypeByte = 6;

/**
 * Builds the byte lookup of a loaded model. SentencePiece vocabularies ("llama") write spaces as
 * U+2581 and raw bytes as `<0xXX>`; GPT-2 style vocabularies ("gpt2") map each byte to a printable
 * code point. Control and user-defined tokens are their literal text. For any other vocabulary the
 * bytes are those of node-llama-cpp's detokenization of the single token (special tokens shown).
 */
export function createTokenBytes(model: LlamaModel): TokenBytes {
  const ggml = model.fileInfo.metadata?.tokenizer?.ggml;
  const pieces = ggml?.tokens;
  const types = ggml?.token_type;
  const kind = ggml?.model;
  const cache = new Map<number, Uint8Array>();
  let byteOf: Map<number, number> | undefined;

  const fallback = (id: number) => utf8.encode(model.detokenize([id as Token], true));

  const compute = (id: number): Uint8Array => {
    const piece = pieces?.[id];
    if (piece === undefined) return fallback(id);
    const type = types?.[id] as number | undefined;
    if (kind === "llama") {
      if (type === tokenTypeByte) {
        const match = /^<0x([0-9A-Fa-f]{2})>$/.exec(piece);
        if (match?.[1]) return Uint8Array.of(Number.parseInt(match[1], 16));
      }
      return utf8.encode(piece.replaceAll("\u2581", " "));
    }
    if (kind === "gpt2") {
      if (type !== undefined && type !== 1) return utf8.encode(piece);
      byteOf ??= gpt2UnicodeToByte();
      const out: number[] = [];
      for (const char of piece) {
        const byte = byteOf.get(char.codePointAt(0)!);
        if (byte === undefined) return utf8.encode(piece);
        out.push(byte);
      }
      return Uint8Array.from(out);
    }
    return fallback(id);
  };

  return (id: number) => {
    let bytes = cache.get(id);
    if (bytes === undefined) {
      bytes = compute(id);
      cache.set(id, bytes);
    }
    return bytes;
  };
}
