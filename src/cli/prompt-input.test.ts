import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePrompt } from "./prompt-input.js";

async function* chunks(...parts: string[]) {
  for (const part of parts) yield part;
}

describe("resolvePrompt", () => {
  const folder = mkdtempSync(join(tmpdir(), "logprobe-prompt-"));
  const file = join(folder, "prompt.txt");
  writeFileSync(file, "from the file\n");

  it("reads stdin for -, without its final newline", async () => {
    expect(await resolvePrompt({ argument: "-", stdin: chunks("Hi\n"), stdinPiped: true })).toBe("Hi");
  });

  it("joins piped stdin and the argument, stdin first (as llm does)", async () => {
    expect(await resolvePrompt({ argument: "Summarise:", stdin: chunks("a text\n"), stdinPiped: true })).toBe(
      "a text\nSummarise:",
    );
    // Piped but empty stdin adds nothing.
    expect(await resolvePrompt({ argument: "x", stdin: chunks(), stdinPiped: true })).toBe("x");
    // Stdin that is not piped (a terminal) is never read.
    expect(await resolvePrompt({ argument: "x", stdin: chunks("ignored"), stdinPiped: false })).toBe("x");
  });

  it("reads -f FILE and joins it with the argument", async () => {
    expect(await resolvePrompt({ file, stdinPiped: false })).toBe("from the file");
    expect(await resolvePrompt({ file, argument: "and more", stdinPiped: false })).toBe(
      "from the file\nand more",
    );
    expect(await resolvePrompt({ file: "-", argument: "q", stdin: chunks("s"), stdinPiped: true })).toBe(
      "s\nq",
    );
  });

  it("names what is missing or unreadable", async () => {
    await expect(resolvePrompt({ stdinPiped: false })).rejects.toMatchObject({ field: "PROMPT" });
    await expect(resolvePrompt({ argument: "-", stdin: chunks(), stdinPiped: true })).rejects.toMatchObject({
      field: "PROMPT",
    });
    await expect(
      resolvePrompt({ file: join(folder, "missing.txt"), stdinPiped: false }),
    ).rejects.toMatchObject({
      field: "--file",
    });
    await expect(resolvePrompt({ argument: "-", file: "-", stdinPiped: true })).rejects.toMatchObject({
      field: "--file",
    });
  });
});
