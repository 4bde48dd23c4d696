// Preload for the "--help loads no native code" test: makes loading native code fail loudly.
// - every native addon (.node file) loads through process.dlopen, which now throws;
// - resolving the node-llama-cpp package (the engine's native dependency) throws, via a module
//   resolve hook registered below.
import { register } from "node:module";

process.dlopen = (_module, filename) => {
  throw new Error(`forbidden native code: dlopen ${filename}`);
};
register("./forbid-native-hooks.mjs", import.meta.url);
