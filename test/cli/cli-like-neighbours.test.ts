/**
 * The CLI as users of `llm`, `ollama` and `llama-cli` expect it, spawning `logprobe` on the shared
 * test model: `-` and piped stdin, near-miss commands, short flags as llama.cpp's, a default
 * output that fits a 40-row terminal, `models` and `completion`. Oracles: the model's published
 * greedy continuation (../shared/models/README.md) and the same request given on the command line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

// llama.cpp's short flags: -m model, -t threads, -c context size, -n tokens to predict.
const modelArgs = ["-m", testModelPath, "-t", "1", "-c", "512", "--gpu", "off"];

describe("CLI usage without a model", () => {
  it("a near-miss command is a usage error with a suggestion, not a prompt", async () => {
    const run = await runCli(["genrate", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "genrate"; did you mean "generate"?');
    expect(run.stdout).toBe("");
  });

  it("models lists the GGUF files of the local cache", async () => {
    const cache = mkdtempSync(join(tmpdir(), "logprobe-models-"));
    mkdirSync(join(cache, "logprobe", "models"), { recursive: true });
    writeFileSync(join(cache, "logprobe", "models", "tiny.gguf"), Buffer.alloc(2_500_000));
    const run = await runCli(["models"], { env: { XDG_CACHE_HOME: cache } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`local model cache: ${join(cache, "logprobe", "models")}`);
    expect(run.stdout).toMatch(/tiny\.gguf +2\.5 MB/);
    const json = await runCli(["models", "--json"], { env: { XDG_CACHE_HOME: cache } });
    expect(JSON.parse(json.stdout).models).toEqual([
      { name: "tiny.gguf", path: join(cache, "logprobe", "models", "tiny.gguf"), bytes: 2_500_000 },
    ]);
  });

  it("completion prints a script for bash, zsh and fish", async () => {
    for (const shell of ["bash", "zsh", "fish"]) {
      const run = await runCli(["completion", shell]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("logprobe");
    }
    expect((await runCli(["completion", "tcsh"])).code).toBe(2);
  });
});

describe.skipIf(!requireTestModel())("CLI on the test model", { timeout: 90_000 }, () => {
  it("`-` reads the prompt from stdin", async () => {
    const run = await runCli(["-", ...modelArgs, "-n", "8", "--json"], { stdin: "Once upon a time\n" });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).text.startsWith(", there was a little girl")).toBe(true);
  });

  it("piped stdin and a prompt argument are joined, stdin first", async () => {
    const joined = await runCli(["a time", ...modelArgs, "-n", "6", "--json"], { stdin: "Once upon\n" });
    const whole = await runCli(["Once upon\na time", ...modelArgs, "-n", "6", "--json"]);
    expect(joined.code).toBe(0);
    expect(JSON.parse(joined.stdout).tokens).toEqual(JSON.parse(whole.stdout).tokens);
  });

  it("the default output of 16 tokens fits a 40-row terminal; --table shows every token", async () => {
    const short = await runCli(["Once upon a time", ...modelArgs, "-n", "16", "--top", "2"]);
    expect(short.code).toBe(0);
    const lines = short.stdout.replace(/\n$/, "").split("\n");
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(lines[0]!.startsWith(", there was a little girl")).toBe(true);
    expect(short.stdout).toContain("(the 8 least confident of 16 tokens; --table shows every token)");
    const full = await runCli(["Once upon a time", ...modelArgs, "-n", "16", "--top", "2", "--table"]);
    const rows = full.stdout.split("\n").filter((line) => /^\s*\d+\s+"/.test(line));
    expect(rows.map((row) => Number(row.trim().split(/\s+/)[0]))).toEqual(
      Array.from({ length: 16 }, (_, index) => index + 1),
    );
  });
});
