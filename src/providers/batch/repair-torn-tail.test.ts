import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { JsonLinesWriter } from "./batch-output-file.js";
import { repairTornTail } from "./repair-torn-tail.js";

const directory = mkdtempSync(join(tmpdir(), "logprobe-torn-tail-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("repairTornTail", () => {
  it("cuts a last line without its newline, so that the next append starts a fresh line", async () => {
    const path = join(directory, "torn.jsonl");
    const whole = `${JSON.stringify({ id: "a", ok: true })}\n${JSON.stringify({ id: "b", ok: true })}\n`;
    // A torn write that happens to be valid JSON: without the repair the next line would glue onto it.
    writeFileSync(path, `${whole}{"id":"c","ok":true}`);
    expect(await repairTornTail(path)).toBe('{"id":"c","ok":true}'.length);
    const writer = await JsonLinesWriter.open(path);
    await writer.write({ id: "c", ok: true });
    await writer.close();
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(["a", "b", "c"]);
  });

  it("leaves a whole file alone, and empties one with no newline at all", async () => {
    const path = join(directory, "whole.jsonl");
    writeFileSync(path, '{"id":"a"}\n');
    expect(await repairTornTail(path)).toBe(0);
    expect(readFileSync(path, "utf8")).toBe('{"id":"a"}\n');
    const torn = join(directory, "only-torn.jsonl");
    writeFileSync(torn, '{"id":"a","tok');
    expect(await repairTornTail(torn)).toBe(14);
    expect(readFileSync(torn, "utf8")).toBe("");
    expect(await repairTornTail(join(directory, "absent.jsonl"))).toBe(0);
  });

  it("finds the last newline more than one read chunk back", async () => {
    const path = join(directory, "long.jsonl");
    const torn = `{"id":"b","text":"${"x".repeat(200_000)}`;
    writeFileSync(path, `{"id":"a"}\n${torn}`);
    expect(await repairTornTail(path)).toBe(torn.length);
    expect(readFileSync(path, "utf8")).toBe('{"id":"a"}\n');
  });
});
