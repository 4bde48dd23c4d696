/**
 * logprobe: the whole library. Import `logprobe/core` instead when you need only the pure types,
 * math and analysis (no native code, runs in a browser).
 *
 * Importing this module loads no native code by itself: node-llama-cpp's binaries load only when
 * `loadModel` is called.
 */
export * from "./core/index.js";
export { DEFAULT_MODEL, EngineModel, type LoadModelOptions, loadModel } from "./engine/index.js";
export { createProvider, type ProviderName } from "./providers/index.js";
export { createApp } from "./server/index.js";
export { startServer } from "./server/node.js";
export * from "./wire/index.js";
