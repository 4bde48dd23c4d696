#!/usr/bin/env node
/** Node entry of the `logprobe` binary. */
import { main } from "./main.js";

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`logprobe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
