// One proof run, in its own process (prove-cpu-kernels.mjs starts it): loads the addon with the
// CPU kernels under test (or node-llama-cpp's prebuilt ones), and either quantizes the proof
// model or decodes it, printing one JSON line with every target logprob. A kernel that traps ends
// this process with its signal, never the caller.
//
//   node proof-child.mjs '{"mode":"quantize"|"decode", "addon", "bins", "cpuBackend"?,
//     "model", "output"?, "type"?, "threads", "options"?: [ggml options built in]}'
//
// The decodes take every path of ggml-cpu's matrix products: one batch of 67 tokens (two full
// 32-row AMX blocks and a 3-row tail; repacked kernels' 4-row groups and a remainder), then
// batches of 1 (the AMX code's avx512-vnni path for a single row), 2, 3 and 5 tokens, on several
// threads.
//
// Test-only switch: LOGPROBE_TEST_PROOF_FAIL="GGML_AMX_TILE" (a comma list of ggml options, each
// optionally ":gap") makes a decode whose kernels were built with a named option die with SIGILL,
// or with ":gap" return logprobs shifted by one nat, so that the downgrade path runs on any CPU.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The batches of one proof decode, in order. */
export const PROOF_BATCHES = [67, 1, 2, 3, 5];

/** The proof's token sequence: deterministic, in [4, vocab). */
export function proofTokens(count, vocab) {
  const tokens = new Int32Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    tokens[i] = 4 + ((state >>> 8) % (vocab - 4));
  }
  return tokens;
}

/** What the test-only switch asks of a build with `options`: "signal", "gap" or undefined. */
export function injectedFailure(options, setting = process.env.LOGPROBE_TEST_PROOF_FAIL) {
  if (!setting) return undefined;
  for (const entry of setting.split(",")) {
    const [option, kind = "signal"] = entry.trim().split(":");
    if (option && options.includes(option)) return kind === "gap" ? "gap" : "signal";
  }
  return undefined;
}

async function decodeAll(addon, request) {
  const session = new addon.Session();
  const total = PROOF_BATCHES.reduce((a, b) => a + b, 0);
  const info = await session.load(request.model, {
    contextSize: 128,
    batchSize: 128,
    threads: request.threads,
    sequences: 1,
  });
  const tokens = proofTokens(total + 1, info.vocabSize);
  const failure = injectedFailure(request.options ?? []);
  if (failure === "signal") process.kill(process.pid, "SIGILL");
  const logprobs = [];
  let position = 0;
  for (const size of PROOF_BATCHES) {
    const range = (f) => Int32Array.from({ length: size }, (_, i) => f(position + i));
    const result = await session.decode({
      tokens: range((p) => tokens[p]),
      seqIds: new Int32Array(size),
      positions: range((p) => p),
      outputs: new Uint8Array(size).fill(1),
      targets: range((p) => tokens[p + 1]),
      full: new Uint8Array(size),
      topK: 1,
    });
    for (const value of result.targetLogprob) logprobs.push(failure === "gap" ? value + 1 : value);
    position += size;
  }
  session.close();
  return { logprobs };
}

async function main() {
  const request = JSON.parse(process.argv[2] ?? "{}");
  const addon = createRequire(import.meta.url)(request.addon);
  const registered = addon.init(request.bins, request.cpuBackend);
  if ((request.cpuBackend ?? null) !== registered.cpuBackend) {
    throw new Error(`ggml did not register ${request.cpuBackend ?? "the prebuilt CPU kernels"} on this CPU`);
  }
  if (request.mode === "quantize") {
    await addon.quantize(request.model, request.output, request.type, request.threads);
    process.stdout.write(`${JSON.stringify({ quantized: request.output })}\n`);
    return;
  }
  process.stdout.write(`${JSON.stringify(await decodeAll(addon, request))}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
