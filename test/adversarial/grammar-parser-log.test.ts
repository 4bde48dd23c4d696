/**
 * llama.cpp's grammar parser prints a grammar that fails to parse whole to stderr (issue 26,
 * finding 3: raw ESC bytes and 7.5 MB of log from one request). The addon captures that output
 * during the parse and writes one short printable line instead. Oracle: the bytes a child process
 * writes to stderr (no control byte but newlines, bounded size, none of the grammar's text), and
 * the parse still failing with the parser's reason.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const script = `
import { NativeContext } from "./src/engine/native/native-context.ts";
const context = await NativeContext.open(process.env.MODEL, { contextSize: 64, batchSize: 64, threads: 1, sequences: 1 });
const hostile = "\\u001b[31mRED" + "x".repeat(200000);
const results = [];
for (const text of ['root ::= "a" bogus-rule', 'root ::= "' + hostile + '" (', 'root ::= [' + hostile]) {
  try { await context.createGrammar(text); results.push("parsed"); }
  catch (error) { results.push(error.message); }
}
const good = await context.createGrammar('root ::= "{" [a-z]* "}"');
results.push(good.allows(0) ? "allows" : "checked");
process.stdout.write(JSON.stringify(results));
await context.close();
`;

describe.skipIf(!requireTestModel())("grammar parser output", () => {
  it("a grammar that fails to parse leaves one short printable line in the log, not itself", () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: process.cwd(),
      env: { ...process.env, MODEL: testModelPath },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.status, child.stderr.slice(0, 2000)).toBe(0);
    const results = JSON.parse(child.stdout) as string[];
    expect(results).toHaveLength(4);
    for (const message of results.slice(0, 3))
      expect(message).toMatch(/^llama\.cpp could not parse the grammar/);
    for (const message of results.slice(0, 3)) expect(message.length).toBeLessThan(300);
    expect(results[3]).toMatch(/allows|checked/);
    const stderr = child.stderr;
    expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(stderr).not.toContain("xxxxxxxxxx".repeat(30));
    expect(stderr).not.toContain("bogus-rule\n");
    expect(Buffer.byteLength(stderr)).toBeLessThan(3000);
    expect(stderr).toContain("llama.cpp could not parse a grammar");
  }, 60_000);
});
