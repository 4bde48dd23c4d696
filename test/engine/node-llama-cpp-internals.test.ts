/**
 * The node-llama-cpp internals logprobe reads (src/engine/node-llama-cpp-internals.ts) still exist
 * and still do what they did in the pinned version: a bump that moves or changes them fails here.
 * Oracle: JSON's syntax. node-llama-cpp's JSON grammar admits an object, so on stories260K's
 * 512-token vocabulary only "{" may start the text, and after "{" a "}" may follow and "{" may not.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  getLlama,
  type Llama,
  LlamaGrammarEvaluationState,
  LlamaLogLevel,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  grammarChecks,
  NODE_LLAMA_CPP_INTERNALS_VERSION,
} from "../../src/engine/node-llama-cpp-internals.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

describe.skipIf(!requireTestModel())("node-llama-cpp internals (grammar checks)", () => {
  let llama: Llama;
  let model: LlamaModel;
  beforeAll(async () => {
    llama = await getLlama({
      gpu: false,
      build: "never",
      logLevel: LlamaLogLevel.error,
      progressLogs: false,
    });
    model = await llama.loadModel({ modelPath: testModelPath, vocabOnly: true });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it("are read from the version they were written for", () => {
    const require = createRequire(import.meta.url);
    // The package exports no ./package.json: read it beside its entry point (dist/index.js).
    const entry = require.resolve("node-llama-cpp");
    const manifest = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as {
      name: string;
      version: string;
    };
    expect(manifest.name).toBe("node-llama-cpp");
    expect(manifest.version).toBe(NODE_LLAMA_CPP_INTERNALS_VERSION);
  });

  it("check and advance a grammar state token by token, as JSON's syntax says", async () => {
    const checks = grammarChecks(llama);
    const state = new LlamaGrammarEvaluationState({ model, grammar: await llama.getGrammarFor("json") });
    const vocabulary = model.fileInfo.metadata?.tokenizer?.ggml?.tokens?.length ?? 0;
    expect(vocabulary).toBe(512);
    const piece = (id: number) => model.detokenize([id as Token], true);
    const allowed = () =>
      Array.from({ length: vocabulary }, (_, id) => id).filter((id) => checks.canBeNext(state, id));
    const first = allowed();
    expect(first.map(piece)).toEqual(["{"]);
    checks.accept(state, first[0] as number);
    const second = allowed().map(piece);
    expect(second).toContain("}");
    expect(second).not.toContain("{");
  });

  it("name the missing field when a version lacks them", () => {
    expect(() => grammarChecks({} as Llama)).toThrow(/Llama\._bindings\.AddonSampler\.canBeNextToken/);
    const checks = grammarChecks(llama);
    expect(() => checks.canBeNext({} as LlamaGrammarEvaluationState, 0)).toThrow(
      /LlamaGrammarEvaluationState\._state/,
    );
  });
});
