/**
 * Shared-prefix scoring and the prompt cache, measured in one run on one model (default
 * stories260K; `--model=PATH` for another), against their own baselines on the same machine:
 *   1. 4-ending multiple-choice items with a ~150-token context: `scoreMany` (the context decoded
 *      once) against `score` of each context + ending alone: tokens of the texts scored per second;
 *   2. lm-eval's request stream (batch_size 1: one /v1/completions echo request per ending, the
 *      endings of an item in turn) against the server with the prompt cache on and off: requests/s.
 * Prints one JSON object. Usage: npx tsx bench/shared-prefix-speed.ts [--model=PATH] [--items=N]
 */
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { loadModel } from "../src/engine/index.js";
import { createApp } from "../src/server/index.js";

const argument = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const modelPath =
  argument("model") ?? join(import.meta.dirname, "..", "..", "shared", "models", "stories260K.gguf");
const itemCount = Number(argument("items") ?? 12);
const threads = Number(argument("threads") ?? 1);

const sentences = [
  "Once upon a time, there was a little girl named Lily.",
  "She loved to play outside in the park with her friends.",
  "One day, she saw a big red ball under a tall green tree.",
  "Her mom said they could go to the store to buy some milk.",
  "Tom and his dog ran to the pond to look at the ducks.",
  "The sun was shining and the birds were singing in the sky.",
];
const endings = [
  " play with the ball.",
  " go home and eat.",
  " see a big fish in the water.",
  " sleep in her bed.",
];

/** A context of about `tokens` tokens: story sentences, rotated per item. */
function context(item: number, words: number): string {
  const parts: string[] = [];
  for (let index = 0; parts.join(" ").split(" ").length < words; index++)
    parts.push(sentences[(item + index) % sentences.length] as string);
  return `${parts.join(" ")} Then she wanted to`;
}

const model = await loadModel({ model: modelPath, threads, contextSize: 512, gpu: false, parallel: 1 });
const items = Array.from({ length: itemCount }, (_, item) => context(item, Number(argument("words") ?? 72)));
const contextTokens = (await model.tokenize(items[0] as string)).length;

// 1. shared prefix vs each ending alone (warm-up first).
await model.scoreMany({ texts: [items[0] as string, ...endings.map((ending) => `${items[0]}${ending}`)] });
let scoredTokens = 0;
let started = performance.now();
for (const item of items) {
  for (const ending of endings)
    scoredTokens += (await model.score({ text: item + ending })).sequence.tokens.length;
}
const aloneSeconds = (performance.now() - started) / 1000;
started = performance.now();
for (const item of items) await model.scoreMany({ texts: endings.map((ending) => item + ending) });
const sharedSeconds = (performance.now() - started) / 1000;
await model.close();

// 2. lm-eval's stream (batch_size 1, echo + max_tokens 1 + logprobs 1) against the server.
async function serverRun(promptCacheTokens: number): Promise<number> {
  const served = await loadModel({
    model: modelPath,
    threads,
    contextSize: 512,
    gpu: false,
    parallel: 1,
    promptCacheTokens,
  });
  const app = createApp({ models: served, log: () => {} });
  const post = async (prompt: string) => {
    const response = await app.request("/v1/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt, max_tokens: 1, temperature: 0, logprobs: 1, seed: 1234, echo: true }),
    });
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    await response.json();
  };
  await post(`${items[0]}${endings[0]}`);
  const begin = performance.now();
  let requests = 0;
  for (const item of items) {
    for (const ending of endings) {
      await post(item + ending);
      requests++;
    }
  }
  const seconds = (performance.now() - begin) / 1000;
  await served.close();
  return requests / seconds;
}
const cacheOff = await serverRun(0);
const cacheOn = await serverRun(8192);

console.log(
  JSON.stringify(
    {
      model: modelPath,
      cpu: cpus()[0]?.model,
      loadavg: loadavg(),
      threads,
      items: itemCount,
      contextTokens,
      endings: endings.length,
      sharedPrefix: {
        aloneTokensPerSecond: scoredTokens / aloneSeconds,
        sharedTokensPerSecond: scoredTokens / sharedSeconds,
        ratio: aloneSeconds / sharedSeconds,
      },
      lmEvalStream: {
        cacheOffRequestsPerSecond: cacheOff,
        cacheOnRequestsPerSecond: cacheOn,
        ratio: cacheOn / cacheOff,
      },
    },
    null,
    2,
  ),
);
