// The model the CPU kernels are proven on (prove-cpu-kernels.mjs): a small llama-architecture
// GGUF with seeded random F32 weights, shaped so that every kernel family of ggml-cpu engages
// once it is quantized:
// - every matrix row is a multiple of 256 (QK_K), so the K-quants and IQ4_XS keep their own type
//   and ggml's AMX buffer type accepts them (amx/amx.cpp supports_op: ne[0] % 256 for K-quants,
//   % TILE_K for Q4_0/Q4_1/Q8_0, output rows % 32);
// - every matrix has a multiple of 8 rows, as the AVX2 repack of Q4_0, Q4_K and IQ4_NL needs
//   (repack.cpp: ne[1] % 8);
// - an untied output matrix, so the largest product (vocab x width) is a quantized matrix product.
// Its logits spread over several nats (output weights with standard deviation 0.1), so that a
// wrong kernel shows as a gap in the logprobs, not as noise around a uniform distribution.
import { GgmlType, writeGguf } from "../gguf-writer.mjs";

/** Hyperparameters (llama.cpp's metadata names in comments). */
export const PROOF_SHAPE = Object.freeze({
  layers: 2, // block_count
  width: 256, // embedding_length
  feedForward: 512, // feed_forward_length
  heads: 4, // attention.head_count (head size 64)
  kvHeads: 2, // attention.head_count_kv
  vocab: 1024,
  trainContext: 512,
});

/** A seeded generator of uniform numbers in [-1, 1) (mulberry32). */
function uniform(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  };
}

function random(name, dims, std, seed) {
  const next = uniform(seed);
  const scale = std * Math.sqrt(3); // uniform on [-a, a] has standard deviation a / sqrt(3)
  return {
    name,
    dims,
    type: GgmlType.F32,
    fill: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = next() * scale;
    },
  };
}

function ones(name, dims) {
  return { name, dims, type: GgmlType.F32, fill: (out) => out.fill(1) };
}

/** The vocabulary: <unk>, <s>, </s>, a newline, then "▁w4" ... (plain tokens, never sampled by text). */
function vocabulary(size) {
  const tokens = ["<unk>", "<s>", "</s>", "\n"];
  for (let i = tokens.length; i < size; i++) tokens.push(`\u2581w${i}`);
  const types = new Int32Array(size).fill(1);
  types[0] = 2;
  types[1] = 3;
  types[2] = 3;
  return { tokens, types, scores: new Float32Array(size) };
}

/**
 * Writes the proof model (all F32) to `path`. Cost: about 5 MB of disk and a few milliseconds.
 * @param {string} path
 */
export function writeProofModel(path) {
  const { layers, width, feedForward, heads, kvHeads, vocab, trainContext } = PROOF_SHAPE;
  const kvWidth = (width / heads) * kvHeads;
  const words = vocabulary(vocab);
  const metadata = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: "logprobe-kernel-proof" },
    "general.file_type": { type: "u32", value: 0 },
    "llama.context_length": { type: "u32", value: trainContext },
    "llama.embedding_length": { type: "u32", value: width },
    "llama.block_count": { type: "u32", value: layers },
    "llama.feed_forward_length": { type: "u32", value: feedForward },
    "llama.attention.head_count": { type: "u32", value: heads },
    "llama.attention.head_count_kv": { type: "u32", value: kvHeads },
    "llama.rope.freq_base": { type: "f32", value: 10000 },
    "llama.attention.layer_norm_rms_epsilon": { type: "f32", value: 1e-5 },
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "string[]", value: words.tokens },
    "tokenizer.ggml.scores": { type: "f32[]", value: words.scores },
    "tokenizer.ggml.token_type": { type: "i32[]", value: words.types },
    "tokenizer.ggml.unknown_token_id": { type: "u32", value: 0 },
    "tokenizer.ggml.bos_token_id": { type: "u32", value: 1 },
    "tokenizer.ggml.eos_token_id": { type: "u32", value: 2 },
  };
  let seed = 7000;
  const tensors = [
    random("token_embd.weight", [width, vocab], 0.5, ++seed),
    ones("output_norm.weight", [width]),
    random("output.weight", [width, vocab], 0.1, ++seed),
  ];
  for (let layer = 0; layer < layers; layer++) {
    const block = `blk.${layer}`;
    tensors.push(
      ones(`${block}.attn_norm.weight`, [width]),
      random(`${block}.attn_q.weight`, [width, width], 0.05, ++seed),
      random(`${block}.attn_k.weight`, [width, kvWidth], 0.05, ++seed),
      random(`${block}.attn_v.weight`, [width, kvWidth], 0.05, ++seed),
      random(`${block}.attn_output.weight`, [width, width], 0.05, ++seed),
      ones(`${block}.ffn_norm.weight`, [width]),
      random(`${block}.ffn_gate.weight`, [width, feedForward], 0.05, ++seed),
      random(`${block}.ffn_up.weight`, [width, feedForward], 0.05, ++seed),
      random(`${block}.ffn_down.weight`, [feedForward, width], 0.05, ++seed),
    );
  }
  writeGguf(path, metadata, tensors);
}
