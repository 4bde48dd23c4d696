/**
 * Writes a quantized copy of a GGUF with llama.cpp's own quantizer (llama_model_quantize, the
 * function behind llama-quantize) from the libllama the native addon links, in its own process.
 * Usage: tsx bench/quantize-model.ts INPUT OUTPUT TYPE [THREADS]   (TYPE: F16, Q8_0, Q4_K_M, ...)
 */
import { loadNativeAddon } from "../src/engine/native/native-addon.js";

const [input, output, type, threads] = process.argv.slice(2);
if (!input || !output || !type)
  throw new Error("usage: tsx bench/quantize-model.ts INPUT OUTPUT TYPE [THREADS]");
const addon = loadNativeAddon();
if (!addon.available) throw new Error(`the native addon is needed to quantize: ${addon.reason}`);
await addon.addon.quantize(input, output, type, Number(threads ?? 2));
console.log(output);
