/**
 * Writes a synthetic GGUF model of a given shape with seeded random weights and a real-sized
 * SentencePiece-style vocabulary of plain-ASCII tokens (llama-server rejects output that is not
 * valid UTF-8, so no byte tokens can be sampled). Speed is a function of the shape and tensor
 * type, not of the weights, so these files stand in for real models in benchmarks.
 *
 * Usage: tsx bench/make-synthetic-gguf.ts [--shape qwen2.5-0.5b|stories260k] [--type f32|f16|q8_0]
 *        [--seed N] [--out FILE] [--vocab qwen2]
 * (`--vocab NAME` puts llama.cpp's real NAME vocabulary in place of the ASCII one.)
 */
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  GgmlType,
  type GgmlTypeId,
  type GgufValue,
  type TensorSpec,
  writeGguf,
} from "../native/gguf-writer.mjs";

/** Hyperparameters of a decoder-only transformer as llama.cpp reads them. */
export interface ModelShape {
  architecture: "llama" | "qwen2";
  layers: number;
  width: number;
  feedForward: number;
  heads: number;
  kvHeads: number;
  vocab: number;
  trainContext: number;
  ropeBase: number;
  rmsEpsilon: number;
  /** Output projection shares token_embd (no output.weight tensor). */
  tiedEmbeddings: boolean;
  /** Q/K/V projections have biases (Qwen2). */
  qkvBias: boolean;
}

/** Shapes copied from the real models' GGUF metadata. */
export const SHAPES: Record<string, ModelShape> = {
  // Qwen2.5-0.5B (config.json of Qwen/Qwen2.5-0.5B): 494M parameters.
  "qwen2.5-0.5b": {
    architecture: "qwen2",
    layers: 24,
    width: 896,
    feedForward: 4864,
    heads: 14,
    kvHeads: 2,
    vocab: 151936,
    trainContext: 32768,
    ropeBase: 1_000_000,
    rmsEpsilon: 1e-6,
    tiedEmbeddings: true,
    qkvBias: true,
  },
  // Small and K-quant friendly (every row a multiple of 256): quantization tests (Q4_K_M, Q8_0).
  "tiny-256": {
    architecture: "qwen2",
    layers: 2,
    width: 256,
    feedForward: 512,
    heads: 4,
    kvHeads: 2,
    vocab: 1024,
    trainContext: 512,
    ropeBase: 1_000_000,
    rmsEpsilon: 1e-6,
    tiedEmbeddings: true,
    qkvBias: true,
  },
  // ../shared/models/stories260K.gguf (read with node-llama-cpp's readGgufFileInfo).
  stories260k: {
    architecture: "llama",
    layers: 5,
    width: 64,
    feedForward: 172,
    heads: 8,
    kvHeads: 4,
    vocab: 512,
    trainContext: 2048,
    ropeBase: 10_000,
    rmsEpsilon: 1e-5,
    tiedEmbeddings: false,
    qkvBias: false,
  },
};

const SPACE = "\u2581"; // SentencePiece's word-boundary marker, detokenised to " "

/**
 * The vocabulary: <unk>, <s>, </s>, every printable ASCII character, "\n", "\t", then letter
 * strings (each reachable by merging a shorter token and one letter) until `size` tokens exist.
 */
export function asciiVocabulary(size: number): { tokens: string[]; types: Int32Array; scores: Float32Array } {
  const tokens = ["<unk>", "<s>", "</s>", SPACE, "\n", "\t"];
  for (let c = 0x21; c <= 0x7e; c++) tokens.push(String.fromCharCode(c));
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (const l of letters.toUpperCase()) tokens.push(SPACE + l);
  let level = [""];
  while (tokens.length < size) {
    const next: string[] = [];
    for (const prefix of level) for (const l of letters) next.push(prefix + l);
    for (const s of next) {
      if (s.length > 1) tokens.push(s);
      tokens.push(SPACE + s);
    }
    level = next;
  }
  tokens.length = size;
  const types = new Int32Array(size).fill(1);
  types[0] = 2;
  types[1] = 3;
  types[2] = 3;
  // Longer tokens merge first: score = length, ties broken towards lower ids.
  const scores = Float32Array.from(tokens, (t, i) => t.length - i / (size * 2));
  return { tokens, types, scores };
}

/** A seeded xoshiro128** generator (state from splitmix32) of uniform numbers in [-1, 1). */
export function uniformSource(seed: number): () => number {
  let z = seed >>> 0;
  const splitmix = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    return (t ^ (t >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    return r / 2147483648 - 1;
  };
}

function randomTensor(name: string, dims: number[], type: GgmlTypeId, std: number, seed: number): TensorSpec {
  const next = uniformSource(seed);
  const scale = std * Math.sqrt(3); // uniform on [-a, a] has standard deviation a / sqrt(3)
  return {
    name,
    dims,
    type,
    fill: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = next() * scale;
    },
  };
}

function constantTensor(name: string, dims: number[], value: number): TensorSpec {
  return { name, dims, type: GgmlType.F32, fill: (out) => out.fill(value) };
}

/** The tensors of `shape`; matrices in `type` (F32 where Q8_0 rows are not a multiple of 32). */
export function tensorsFor(shape: ModelShape, type: GgmlTypeId, seed: number): TensorSpec[] {
  const { width, feedForward, vocab } = shape;
  const kvWidth = (width / shape.heads) * shape.kvHeads;
  const matrixType = (rowLength: number) =>
    type === GgmlType.Q8_0 && rowLength % 32 !== 0 ? GgmlType.F32 : type;
  let n = seed * 1000;
  const matrix = (name: string, dims: number[], std = 0.02) =>
    randomTensor(name, dims, matrixType(dims[0]!), std, ++n);
  const embd = matrix("token_embd.weight", [width, vocab], 0.1);
  // Control tokens get zero embeddings: their logits are exactly 0, below the maximum of the other
  // random logits, so greedy decoding never stops early at </s>.
  const fillEmbd = embd.fill;
  embd.fill = (out, start) => {
    fillEmbd(out, start);
    for (let i = start; i < Math.min(start + out.length, 3 * width); i++) out[i - start] = 0;
  };
  const tensors: TensorSpec[] = [embd, constantTensor("output_norm.weight", [width], 1)];
  if (!shape.tiedEmbeddings) {
    const out = matrix("output.weight", [width, vocab], 0.1);
    const fillOut = out.fill;
    out.fill = (values, start) => {
      fillOut(values, start);
      for (let i = start; i < Math.min(start + values.length, 3 * width); i++) values[i - start] = 0;
    };
    tensors.push(out);
  }
  for (let l = 0; l < shape.layers; l++) {
    const b = `blk.${l}`;
    tensors.push(
      constantTensor(`${b}.attn_norm.weight`, [width], 1),
      matrix(`${b}.attn_q.weight`, [width, width]),
      matrix(`${b}.attn_k.weight`, [width, kvWidth]),
      matrix(`${b}.attn_v.weight`, [width, kvWidth]),
      matrix(`${b}.attn_output.weight`, [width, width]),
      constantTensor(`${b}.ffn_norm.weight`, [width], 1),
      matrix(`${b}.ffn_gate.weight`, [width, feedForward]),
      matrix(`${b}.ffn_up.weight`, [width, feedForward]),
      matrix(`${b}.ffn_down.weight`, [feedForward, width]),
    );
    if (shape.qkvBias) {
      tensors.push(
        constantTensor(`${b}.attn_q.bias`, [width], 0),
        constantTensor(`${b}.attn_k.bias`, [kvWidth], 0),
        constantTensor(`${b}.attn_v.bias`, [kvWidth], 0),
      );
    }
  }
  return tensors;
}

/** GGUF metadata for `shape` with the ASCII vocabulary. */
export function metadataFor(shape: ModelShape, name: string, type: GgmlTypeId): Record<string, GgufValue> {
  const a = shape.architecture;
  const vocab = asciiVocabulary(shape.vocab);
  // general.file_type: 0 = all F32, 1 = mostly F16, 7 = mostly Q8_0 (llama_ftype).
  const fileType = type === GgmlType.F32 ? 0 : type === GgmlType.F16 ? 1 : 7;
  return {
    "general.architecture": { type: "string", value: a },
    "general.name": { type: "string", value: name },
    "general.file_type": { type: "u32", value: fileType },
    [`${a}.context_length`]: { type: "u32", value: shape.trainContext },
    [`${a}.embedding_length`]: { type: "u32", value: shape.width },
    [`${a}.block_count`]: { type: "u32", value: shape.layers },
    [`${a}.feed_forward_length`]: { type: "u32", value: shape.feedForward },
    [`${a}.attention.head_count`]: { type: "u32", value: shape.heads },
    [`${a}.attention.head_count_kv`]: { type: "u32", value: shape.kvHeads },
    [`${a}.rope.freq_base`]: { type: "f32", value: shape.ropeBase },
    [`${a}.attention.layer_norm_rms_epsilon`]: { type: "f32", value: shape.rmsEpsilon },
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "string[]", value: vocab.tokens },
    "tokenizer.ggml.scores": { type: "f32[]", value: vocab.scores },
    "tokenizer.ggml.token_type": { type: "i32[]", value: vocab.types },
    "tokenizer.ggml.unknown_token_id": { type: "u32", value: 0 },
    "tokenizer.ggml.bos_token_id": { type: "u32", value: 1 },
    "tokenizer.ggml.eos_token_id": { type: "u32", value: 2 },
    "tokenizer.ggml.add_bos_token": { type: "bool", value: true },
    "tokenizer.ggml.add_eos_token": { type: "bool", value: false },
  };
}

const TYPES: Record<string, GgmlTypeId> = { f32: GgmlType.F32, f16: GgmlType.F16, q8_0: GgmlType.Q8_0 };

/** A real tokenizer's GGUF metadata (tokens, types, merges, ids), read from a vocabulary-only GGUF. */
export type RealVocabulary = Record<string, GgufValue>;

/**
 * The tokenizer metadata of llama.cpp's `models/ggml-vocab-NAME.gguf` (vocabulary-only files that
 * llama.cpp's source carries; the peers' clone has them): e.g. "qwen2", Qwen2's real 151,936-token
 * BPE vocabulary, for measurements whose cost depends on the token texts (grammars).
 */
export async function realVocabulary(name: string): Promise<RealVocabulary> {
  const { readGgufFileInfo } = await import("node-llama-cpp");
  const peers = process.env.LOGPROBE_PEERS_DIR ?? resolve(homedir(), ".cache", "logprobe-peers", "llama.cpp");
  const info = await readGgufFileInfo(resolve(peers, "models", `ggml-vocab-${name}.gguf`), {
    readTensorInfo: false,
  });
  const t = info.metadata.tokenizer.ggml as unknown as Record<string, unknown>;
  const out: RealVocabulary = {
    "tokenizer.ggml.model": { type: "string", value: String(t.model) },
    "tokenizer.ggml.tokens": { type: "string[]", value: t.tokens as string[] },
    "tokenizer.ggml.token_type": { type: "i32[]", value: Int32Array.from(t.token_type as number[]) },
  };
  if (t.pre !== undefined) out["tokenizer.ggml.pre"] = { type: "string", value: String(t.pre) };
  if (Array.isArray(t.merges))
    out["tokenizer.ggml.merges"] = { type: "string[]", value: t.merges as string[] };
  for (const key of ["bos_token_id", "eos_token_id", "padding_token_id"]) {
    if (typeof t[key] === "number") out[`tokenizer.ggml.${key}`] = { type: "u32", value: t[key] as number };
  }
  out["tokenizer.ggml.add_bos_token"] = { type: "bool", value: false };
  return out;
}

/** Writes the synthetic model and returns its path. Cost: O(parameters) time and disk. */
export function makeSyntheticGguf(options: {
  shape: string;
  type: string;
  seed?: number;
  out?: string;
  /** Replaces the ASCII vocabulary (its size must be the shape's). */
  vocabulary?: { name: string; metadata: RealVocabulary };
}): string {
  const shape = SHAPES[options.shape];
  if (shape === undefined) {
    throw new Error(`--shape must be one of ${Object.keys(SHAPES).join(", ")}, got ${options.shape}`);
  }
  const type = TYPES[options.type];
  if (type === undefined) throw new Error(`--type must be one of ${Object.keys(TYPES).join(", ")}`);
  const name = `synthetic-${options.shape}-${options.type}${options.vocabulary ? `-${options.vocabulary.name}-vocab` : ""}`;
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const out = options.out ?? resolve(benchDir, "models", `${name}.gguf`);
  mkdirSync(dirname(out), { recursive: true });
  let metadata = metadataFor(shape, name, type);
  if (options.vocabulary) {
    const tokens = options.vocabulary.metadata["tokenizer.ggml.tokens"];
    if (tokens?.type !== "string[]" || tokens.value.length !== shape.vocab) {
      throw new Error(
        `the ${options.vocabulary.name} vocabulary does not have the shape's ${shape.vocab} tokens`,
      );
    }
    metadata = Object.fromEntries(Object.entries(metadata).filter(([key]) => !key.startsWith("tokenizer.")));
    Object.assign(metadata, options.vocabulary.metadata);
  }
  writeGguf(out, metadata, tensorsFor(shape, type, options.seed ?? 1));
  return out;
}

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (key === undefined || !key.startsWith("--") || value === undefined) {
      throw new Error(`expected --option value pairs, got ${argv.slice(i).join(" ")}`);
    }
    args[key.slice(2)] = value;
  }
  return args;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const path = makeSyntheticGguf({
    shape: args.shape ?? "qwen2.5-0.5b",
    type: args.type ?? "f32",
    seed: args.seed !== undefined ? Number(args.seed) : 1,
    ...(args.out !== undefined ? { out: args.out } : {}),
    ...(args.vocab !== undefined
      ? { vocabulary: { name: args.vocab, metadata: await realVocabulary(args.vocab) } }
      : {}),
  });
  console.log(`${path} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
