/**
 * Writes the multiple-choice fixtures of `logprobe choose` for stories260K
 * (test/cli/__fixtures__/choose/): for each context, the gold ending is the model's own greedy
 * continuation (text it has learned), and the distractors are the gold endings of the other
 * contexts. The same items are written as JSONL, llama-perplexity's HellaSwag file (4 endings) and
 * its multiple-choice binary; the Winogrande CSV uses names the stories use.
 *
 * Run: npx tsx bench/make-choice-fixtures.ts (deterministic: greedy decoding).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../src/engine/index.js";

const MODEL = join(import.meta.dirname, "..", "..", "shared", "models", "stories260K.gguf");
const OUT = join(import.meta.dirname, "..", "test", "cli", "__fixtures__", "choose");

const CONTEXTS = [
  "Once upon a time, there was a little girl named Lily. She loved to",
  "One day, a little boy named Tim went to the park. He saw a",
  "The sun was shining and the birds were singing. Sue and her mom went to the",
  "Once upon a time, there was a big dog named Max. Max liked to",
  "Tom had a red ball. He liked to play with it every day. One day, the ball",
  "Lily and her friend Ben were playing in the garden. They found a",
  "There was a little bird who lived in a tree. Every morning, the bird would",
  'Mom said, "Time for bed, Anna." Anna did not want to',
];

/** Writes llama-perplexity's binary multiple-choice layout (see multiple-choice-binary.ts). */
function multipleChoiceBinary(items: { context: string; choices: string[]; gold: number }[]): Buffer {
  const u32 = (value: number) => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    return buffer;
  };
  const string = (text: string) => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);
  const list = (answers: string[], gold: number) =>
    Buffer.concat([
      u32(answers.length),
      ...answers.map(string),
      ...answers.map((_, index) => {
        const buffer = Buffer.alloc(4);
        buffer.writeInt32LE(index === gold ? 1 : 0);
        return buffer;
      }),
    ]);
  const tasks = items.map((item) =>
    Buffer.concat([string(item.context), list(item.choices, item.gold), list([], 0)]),
  );
  const header = 4 + 4 * tasks.length;
  const offsets: number[] = [];
  let offset = header;
  for (const task of tasks) {
    offsets.push(offset);
    offset += task.length;
  }
  return Buffer.concat([u32(tasks.length), ...offsets.map(u32), ...tasks]);
}

const model = await loadModel({ model: MODEL, threads: 1, contextSize: 512, gpu: false });
const golds: string[] = [];
for (const context of CONTEXTS) {
  const result = await model.generate({ prompt: context, maxTokens: 10, sampling: { temperature: 0 } });
  // Whole words only: the last word may be cut by the token limit.
  const words = result.text.trim().split(/\s+/);
  golds.push(words.slice(0, Math.max(1, words.length - 1)).join(" "));
}
await model.close();

const items = CONTEXTS.map((context, index) => {
  const choices = [0, 1, 2, 3].map((offset) => golds[(index + offset * 3) % golds.length] as string);
  // Put the gold ending (offset 0) at position index % 4.
  const gold = index % 4;
  [choices[0], choices[gold]] = [choices[gold] as string, choices[0] as string];
  return { context, choices, gold };
});
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, "stories.jsonl"), items.map((item) => JSON.stringify(item)).join("\n") + "\n");
writeFileSync(
  join(OUT, "stories-hellaswag.txt"),
  items.map((item) => [item.context, String(item.gold), ...item.choices].join("\n")).join("\n") + "\n",
);
writeFileSync(join(OUT, "stories-multiple-choice.bin"), multipleChoiceBinary(items));
console.log(items);
