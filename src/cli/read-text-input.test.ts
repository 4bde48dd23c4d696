import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../core/errors.js";
import { readTextInput } from "./read-text-input.js";

const directory = mkdtempSync(join(tmpdir(), "logprobe-read-"));

async function* chunks(...parts: (string | Uint8Array)[]) {
  yield* parts;
}

describe("readTextInput", () => {
  it("reads a file and stdin, joining a character split across chunks", async () => {
    const file = join(directory, "text.txt");
    writeFileSync(file, "héllo\n");
    expect(await readTextInput(file, "FILE")).toBe("héllo\n");
    // "é" is C3 A9 (Unicode standard), split between two chunks.
    expect(await readTextInput("-", "FILE", chunks(Uint8Array.of(0x68, 0xc3), Uint8Array.of(0xa9)))).toBe(
      "hé",
    );
  });

  it("names the argument when the file is missing, not UTF-8 or empty", async () => {
    const bad = join(directory, "bad.bin");
    writeFileSync(bad, Uint8Array.of(0xff, 0xfe, 0x41));
    const empty = join(directory, "empty.txt");
    writeFileSync(empty, "");
    for (const [path, message] of [
      [join(directory, "missing.txt"), "ENOENT"],
      [bad, "is not valid UTF-8"],
      [empty, "is empty"],
    ] as const) {
      const error = await readTextInput(path, "FILE").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe("FILE");
      expect((error as InvalidInputError).message).toContain(message);
    }
  });
});
