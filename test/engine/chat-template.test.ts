/**
 * Chat messages are formatted with the model's own chat template from the GGUF file. Oracle: a
 * synthetic model (bench/make-synthetic-gguf.ts shapes, random weights) whose file carries a
 * hand-written Jinja template; the echoed prompt must be exactly that template rendered by hand.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asciiVocabulary, metadataFor, SHAPES, tensorsFor } from "../../bench/make-synthetic-gguf.js";
import { GgmlType, writeGguf } from "../../native/gguf-writer.mjs";
import { type EngineModel, loadModel } from "../../src/engine/index.js";

/**
 * The synthetic ASCII vocabulary plus SentencePiece byte tokens (<0x00>..<0xFF>, type 6): llama.cpp
 * falls back to them for characters outside the vocabulary, which node-llama-cpp's chat wrapper
 * detection tokenizes.
 */
function vocabularyWithBytes(size: number) {
  const ascii = asciiVocabulary(size - 256);
  const bytes = Array.from(
    { length: 256 },
    (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`,
  );
  return {
    "tokenizer.ggml.tokens": { type: "string[]", value: [...ascii.tokens, ...bytes] },
    "tokenizer.ggml.scores": {
      type: "f32[]",
      value: Float32Array.from([...ascii.scores, ...bytes.map(() => -1000)]),
    },
    "tokenizer.ggml.token_type": {
      type: "i32[]",
      value: Int32Array.from([...ascii.types, ...bytes.map(() => 6)]),
    },
  } as const;
}

const template =
  "{% for message in messages %}[{{ message.role }}] {{ message.content }}\n{% endfor %}" +
  "{% if add_generation_prompt %}[assistant] {% endif %}";

describe("chat template from the GGUF file", () => {
  let model: EngineModel;
  beforeAll(async () => {
    const shape = SHAPES.stories260k!;
    const path = join(mkdtempSync(join(tmpdir(), "logprobe-chat-")), "templated.gguf");
    writeGguf(
      path,
      {
        ...metadataFor(shape, "templated", GgmlType.F32),
        ...vocabularyWithBytes(shape.vocab),
        "tokenizer.chat_template": { type: "string", value: template },
      },
      tensorsFor(shape, GgmlType.F32, 1),
    );
    model = await loadModel({ model: path, threads: 1, contextSize: 256, gpu: false });
  });
  afterAll(async () => {
    await model?.close();
  });

  it("renders the messages with the file's template, ending where the reply starts", async () => {
    const result = await model.generate({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Tell me a story." },
      ],
      maxTokens: 2,
      echo: true,
    });
    expect(result.warnings.map((warning) => warning.code)).not.toContain("no-chat-template");
    const rendered = "[system] Be brief.\n[user] Tell me a story.\n[assistant] ";
    expect(result.prompt?.text?.trimStart()).toBe(rendered.trimStart());
    expect(result.sequence.tokens).toHaveLength(2);
  });
});
