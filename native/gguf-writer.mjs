/**
 * A minimal GGUF (version 3) writer: metadata key-values, tensor infos and tensor data in F32,
 * F16 or Q8_0, streamed to disk tensor by tensor so multi-gigabyte files need O(chunk) memory.
 * Format reference: ggml/docs/gguf.md in llama.cpp. Plain JavaScript (types in
 * gguf-writer.d.mts): the install's kernel proof (kernel-proof/) writes its model with it before
 * anything is compiled; the benchmark's synthetic models use it too.
 */
import { closeSync, openSync, writeSync } from "node:fs";

/** ggml tensor types this writer can encode (values are ggml's `enum ggml_type`). */
export const GgmlType = Object.freeze({ F32: 0, F16: 1, Q8_0: 8 });

const ALIGNMENT = 32;
const VT = { U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 };

class ByteSink {
  /** @type {Buffer[]} */
  chunks = [];
  length = 0;
  push(b) {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(v) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  u64(v) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  str(s) {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  concat() {
    return Buffer.concat(this.chunks);
  }
}

/** @param {ByteSink} sink @param {import("./gguf-writer.d.mts").GgufValue} v */
function writeValue(sink, v) {
  switch (v.type) {
    case "u32":
      sink.u32(VT.U32);
      sink.u32(v.value);
      return;
    case "i32": {
      sink.u32(VT.I32);
      const b = Buffer.alloc(4);
      b.writeInt32LE(v.value);
      sink.push(b);
      return;
    }
    case "f32": {
      sink.u32(VT.F32);
      const b = Buffer.alloc(4);
      b.writeFloatLE(v.value);
      sink.push(b);
      return;
    }
    case "bool":
      sink.u32(VT.BOOL);
      sink.push(Buffer.from([v.value ? 1 : 0]));
      return;
    case "string":
      sink.u32(VT.STRING);
      sink.str(v.value);
      return;
    case "string[]":
      sink.u32(VT.ARRAY);
      sink.u32(VT.STRING);
      sink.u64(v.value.length);
      for (const s of v.value) sink.str(s);
      return;
    case "f32[]":
      sink.u32(VT.ARRAY);
      sink.u32(VT.F32);
      sink.u64(v.value.length);
      sink.push(Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength));
      return;
    case "i32[]":
      sink.u32(VT.ARRAY);
      sink.u32(VT.I32);
      sink.u64(v.value.length);
      sink.push(Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength));
      return;
  }
}

/** Bytes a tensor occupies in the file (before alignment padding). */
export function tensorBytes(dims, type) {
  const count = dims.reduce((a, b) => a * b, 1);
  if (type === GgmlType.F32) return count * 4;
  if (type === GgmlType.F16) return count * 2;
  if ((dims[0] ?? 0) % 32 !== 0) throw new Error(`Q8_0 needs rows that are a multiple of 32, got ${dims[0]}`);
  return (count / 32) * 34;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** IEEE half-precision bits of `x`, rounded to nearest even. */
export function toHalf(x) {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (rem > mid || (rem === mid && (half & 1) === 1) ? half + 1 : half);
  }
  const half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  return sign | (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1) ? half + 1 : half);
}

function encode(values, type) {
  if (type === GgmlType.F32) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  if (type === GgmlType.F16) {
    const out = Buffer.alloc(values.length * 2);
    for (let i = 0; i < values.length; i++) out.writeUInt16LE(toHalf(values[i]), i * 2);
    return out;
  }
  const blocks = values.length / 32;
  const out = Buffer.alloc(blocks * 34);
  for (let b = 0; b < blocks; b++) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(values[b * 32 + j]));
    const d = amax / 127;
    const id = d !== 0 ? 1 / d : 0;
    out.writeUInt16LE(toHalf(d), b * 34);
    for (let j = 0; j < 32; j++) out.writeInt8(Math.round(values[b * 32 + j] * id), b * 34 + 2 + j);
  }
  return out;
}

/**
 * Writes a GGUF v3 file. Cost: O(total tensor bytes) time and disk; memory O(1 Mi values).
 * @returns the file size in bytes.
 */
export function writeGguf(path, metadata, tensors) {
  const head = new ByteSink();
  head.push(Buffer.from("GGUF", "ascii"));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(Object.keys(metadata).length + 1);
  head.str("general.alignment");
  writeValue(head, { type: "u32", value: ALIGNMENT });
  for (const [key, value] of Object.entries(metadata)) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const offsets = [];
  for (const t of tensors) {
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32(t.type);
    head.u64(offset);
    offsets.push(offset);
    offset += Math.ceil(tensorBytes(t.dims, t.type) / ALIGNMENT) * ALIGNMENT;
  }
  const header = head.concat();
  const fd = openSync(path, "w");
  try {
    let written = writeSync(fd, header);
    const pad = (n) => {
      const p = (ALIGNMENT - (n % ALIGNMENT)) % ALIGNMENT;
      if (p > 0) written += writeSync(fd, Buffer.alloc(p));
    };
    pad(written);
    const chunk = 1 << 20; // values per chunk, a multiple of 32
    for (const t of tensors) {
      const count = t.dims.reduce((a, b) => a * b, 1);
      const buffer = new Float32Array(Math.min(chunk, count));
      for (let start = 0; start < count; start += chunk) {
        const view = buffer.subarray(0, Math.min(chunk, count - start));
        t.fill(view, start);
        written += writeSync(fd, encode(view, t.type));
      }
      pad(written);
    }
    return written;
  } finally {
    closeSync(fd);
  }
}
