/**
 * CLI end to end, without a model: bad flags exit 2 with one line naming the flag (checked
 * before any model is loaded), and a model file that does not exist exits 3 with a line saying how
 * to pass a local .gguf.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

describe("bad flags exit 2 and name the flag", () => {
  const cases: [string[], string][] = [
    [["Once", "--temperature", "5"], '--temperature: must be a number from 0 to 2 (got "5")'],
    [["generate", "Once", "--max-tokens", "0"], "--max-tokens: must be an integer from 1 to 65536"],
    [["Once", "--top-p", "0"], "--top-p: must be a number greater than 0 and at most 1"],
    [["Once", "--abstain-below", "1.5"], "--abstain-below: must be a number from 0 to 1"],
    [["Once", "--logprobs-mode", "softmax"], '--logprobs-mode: must be "raw" or "processed"'],
    [["Once", "--context-size", "8"], "--context-size: must be an integer from 16 to 1048576"],
    [["Once", "--gpu", "cuda"], '--gpu: must be "auto" or "off"'],
    [["score", "-", "--stride", "abc"], '--stride: must be an integer from 1 to 1048576 (got "abc")'],
    [["beam", "Once", "--width", "100"], "--width: must be an integer from 1 to 64"],
    [["beam", "Once", "--length-penalty", "x"], "--length-penalty: must be a number from -10 to 10"],
  ];
  for (const [args, message] of cases) {
    it(`logprobe ${args.join(" ")}`, async () => {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(`logprobe: ${message}`);
    });
  }

  it("an unknown option is a usage error (exit 2)", async () => {
    const run = await runCli(["Once", "--no-such-flag"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--no-such-flag'");
  });

  it("no prompt and an empty stdin exits 2 naming PROMPT", async () => {
    const run = await runCli([], { stdin: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("logprobe: PROMPT: stdin is empty; there is nothing to read\n");
  });

  it("a score file that cannot be read exits 2 naming FILE", async () => {
    const run = await runCli(["score", "/nonexistent/input.txt"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('logprobe: FILE: cannot read "/nonexistent/input.txt" (ENOENT)');
  });
});

describe("a model that cannot be loaded exits 3", () => {
  it("names the missing file and how to pass a local .gguf, in one line", async () => {
    const run = await runCli(["Once", "--model", "/nonexistent/model.gguf", "--max-tokens", "1"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("/nonexistent/model.gguf");
    expect(lines[0]).toContain("--model ./model.gguf");
  });
});
