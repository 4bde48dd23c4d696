/** Types of gguf-writer.mjs. */
/** ggml tensor types this writer can encode (values are ggml's `enum ggml_type`). */
export declare const GgmlType: { readonly F32: 0; readonly F16: 1; readonly Q8_0: 8 };
export type GgmlTypeId = (typeof GgmlType)[keyof typeof GgmlType];

/** A metadata value with its GGUF type. */
export type GgufValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "string[]"; value: readonly string[] }
  | { type: "f32[]"; value: Float32Array }
  | { type: "i32[]"; value: Int32Array };

/** One tensor: ggml dimension order (ne0 = innermost/row length first) and a value generator. */
export interface TensorSpec {
  name: string;
  dims: number[];
  type: GgmlTypeId;
  /** Fills `out` with the values at flat indices [start, start + out.length). */
  fill: (out: Float32Array, start: number) => void;
}

/** Bytes a tensor occupies in the file (before alignment padding). */
export declare function tensorBytes(dims: readonly number[], type: GgmlTypeId): number;
/** IEEE half-precision bits of `x`, rounded to nearest even. */
export declare function toHalf(x: number): number;
/** Writes a GGUF v3 file; returns its size in bytes. */
export declare function writeGguf(
  path: string,
  metadata: Record<string, GgufValue>,
  tensors: TensorSpec[],
): number;
