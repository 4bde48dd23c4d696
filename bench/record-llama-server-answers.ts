/**
 * Records llama-server's own answers, the shape oracle of logprobe's llama.cpp dialect
 * (test/server/dialects/llama-server-oracle.test.ts): starts the peer llama-server
 * (bench/build-peers.ts) on ../shared/models/stories260K.gguf, sends each request below and writes
 * requests and answers (whole JSON, or every `data:` object of a stream) to
 * test/server/dialects/__fixtures__/llama-server-answers.json.
 *
 * Usage: tsx bench/record-llama-server-answers.ts
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findOrBuildPeers } from "./build-peers.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const model = resolve(root, "..", "shared", "models", "stories260K.gguf");
const out = join(root, "test", "server", "dialects", "__fixtures__", "llama-server-answers.json");
const port = 18655;

/** The requests: greedy, so both servers choose the same tokens. */
export const REQUESTS: { path: string; body: Record<string, unknown> }[] = [
  { path: "/completion", body: { prompt: "Once upon a time", n_predict: 4, n_probs: 3, temperature: 0 } },
  {
    path: "/completion",
    body: { prompt: "Once upon a time", n_predict: 4, n_probs: 3, temperature: 0, post_sampling_probs: true },
  },
  {
    path: "/completion",
    body: { prompt: "The little dog", n_predict: 3, n_probs: 2, temperature: 0, stream: true },
  },
  { path: "/tokenize", body: { content: "Once upon a time", with_pieces: true } },
  { path: "/detokenize", body: { tokens: [1, 403, 407, 261, 378] } },
];

async function waitForHealth(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error("llama-server did not start");
}

async function answer(path: string, body: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (body.stream !== true) return JSON.parse(text);
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const peers = findOrBuildPeers({ build: false });
  const server = spawn(
    peers.server,
    ["-m", model, "--host", "127.0.0.1", "--port", String(port), "-t", "1", "-c", "256"],
    {
      stdio: "ignore",
    },
  );
  try {
    await waitForHealth();
    const answers = [];
    for (const request of REQUESTS)
      answers.push({ ...request, answer: await answer(request.path, request.body) });
    const recordedWith = `llama-server built by bench/build-peers.ts from node-llama-cpp's llama.cpp bundle`;
    writeFileSync(out, `${JSON.stringify({ recordedWith, model: "stories260K.gguf", answers }, null, 1)}\n`);
    console.log(`${answers.length} answers written to ${out}`);
  } finally {
    server.kill();
  }
}
