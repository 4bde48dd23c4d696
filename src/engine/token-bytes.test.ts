/**
 * Token bytes from GGUF vocabularies, on hand-made vocabularies: SentencePiece (U+2581 for space,
 * <0xXX> byte tokens) and GPT-2 byte-level BPE (Ġ = space, Ċ = newline, as in GPT-2's
 * bytes_to_unicode table), with control tokens taken literally.
 */
import type { LlamaModel } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { createTokenBytes } from "./token-bytes.js";

function fakeModel(model: string, tokens: string[], types: number[]): LlamaModel {
  return {
    fileInfo: { metadata: { tokenizer: { ggml: { model, tokens, token_type: types } } } },
    detokenize: () => {
      throw new Error("not expected");
    },
  } as unknown as LlamaModel;
}

const bytes = (value: Uint8Array) => [...value];

describe("createTokenBytes", () => {
  it("reads SentencePiece pieces and byte tokens", () => {
    const of = createTokenBytes(fakeModel("llama", ["<s>", "\u2581Once", "<0xE2>", "é"], [3, 1, 6, 1]));
    expect(bytes(of(0))).toEqual([...new TextEncoder().encode("<s>")]);
    expect(bytes(of(1))).toEqual([32, 79, 110, 99, 101]);
    expect(bytes(of(2))).toEqual([0xe2]);
    expect(bytes(of(3))).toEqual([0xc3, 0xa9]);
  });

  it("maps GPT-2 byte-level pieces back to bytes", () => {
    const of = createTokenBytes(
      fakeModel("gpt2", ["\u0120there", "\u010a", "\u00e2\u0122\u013b", "<|im_end|>"], [1, 1, 1, 3]),
    );
    expect(bytes(of(0))).toEqual([32, 116, 104, 101, 114, 101]);
    expect(bytes(of(1))).toEqual([10]);
    // U+2019 (right single quote) is E2 80 99 in UTF-8, written "âĢĻ" by GPT-2 (0x80 -> U+0122, 0x99 -> U+013B).
    expect(bytes(of(2))).toEqual([0xe2, 0x80, 0x99]);
    expect(bytes(of(3))).toEqual([...new TextEncoder().encode("<|im_end|>")]);
  });
});
