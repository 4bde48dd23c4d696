/** logprobe/core: pure TypeScript types, math and analysis. Loads no native code; runs in a browser. */
export * from "./errors.js";
export type * from "./model.js";
export type * from "./types.js";
