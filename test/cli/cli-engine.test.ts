/**
 * The CLI end to end on the shared test model (stories260K.gguf), spawning `logprobe`.
 *
 * Oracles:
 * - llama.cpp: llama-server built from the llama.cpp source bundled with node-llama-cpp 3.21.1
 *   reports, after "Once upon a time" (BOS added), top-5 "," -0.03178, " there" -3.5473, ...
 *   (../shared/notes/peers.md); tolerance 1e-3 for ggml's batch-shape effect;
 * - the model's published greedy continuation ", there was a little girl named Lily."
 *   (../shared/models/README.md);
 * - hand identities: perplexity = exp(-mean logprob) of the command's own per-token output;
 *   beam search of width 1 is greedy decoding;
 * - the engine library called in-process with the same settings (for `score`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const modelArgs = ["--model", testModelPath, "--threads", "1", "--context-size", "512", "--gpu", "off"];
const prompt = "Once upon a time";
const ansiPattern = /\u001b\[[0-9;]*m/g;

interface GenerateJson {
  format: string;
  tokens: {
    token: string;
    logprob: number | null;
    prob: number | null;
    top: { token: string; logprob: number }[];
  }[];
  summary: {
    tokenCount: number;
    meanLogprob: number;
    minLogprob: number;
    perplexity: number;
    jointLogprob: number;
  };
  text: string;
  model: string;
  finishReason: string;
}

describe.skipIf(!requireTestModel())("logprobe on the test model", { timeout: 90_000 }, () => {
  let greedy: GenerateJson;

  beforeAll(async () => {
    const run = await runCli([prompt, ...modelArgs, "--max-tokens", "8", "--top", "3", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    greedy = JSON.parse(run.stdout);
  }, 150_000);

  it("generate --json continues like llama.cpp, first token logprob -0.03178", () => {
    expect(greedy.text.startsWith(", there was a little girl")).toBe(true);
    expect(greedy.model).toBe("stories260K.gguf");
    expect(greedy.finishReason).toBe("length");
    expect(greedy.tokens).toHaveLength(8);
    const first = greedy.tokens[0]!;
    expect(first.token).toBe(",");
    expect(first.logprob!).toBeCloseTo(-0.03178, 3);
    expect(Math.abs(first.logprob! - -0.03178)).toBeLessThan(1e-3);
    expect(first.prob!).toBeCloseTo(Math.exp(first.logprob!), 12);
    expect(first.top.map((alternative) => alternative.token)).toEqual([",", " there", " in"]);
    expect(Math.abs(first.top[1]!.logprob - -3.5473)).toBeLessThan(1e-3);
    expect(Math.abs(first.top[2]!.logprob - -8.1195)).toBeLessThan(1e-3);
  });

  it("the JSON summary is the hand-computed summary of its own tokens", () => {
    const logprobs = greedy.tokens.map((token) => token.logprob!);
    const joint = logprobs.reduce((sum, value) => sum + value, 0);
    expect(greedy.summary.tokenCount).toBe(8);
    expect(greedy.summary.jointLogprob).toBeCloseTo(joint, 12);
    expect(greedy.summary.meanLogprob).toBeCloseTo(joint / 8, 12);
    expect(greedy.summary.minLogprob).toBe(Math.min(...logprobs));
    expect(greedy.summary.perplexity).toBeCloseTo(Math.exp(-joint / 8), 12);
  });

  it("the default command is generate", async () => {
    const run = await runCli(["generate", prompt, ...modelArgs, "--max-tokens", "8", "--top", "3", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(greedy);
  });

  it("--abstain-below answers 'I'm not sure.' above the least probability and the answer below it", {
    timeout: 150_000,
  }, async () => {
    const minProbability = Math.exp(greedy.summary.minLogprob);
    const above = await runCli([
      prompt,
      ...modelArgs,
      "--max-tokens",
      "8",
      "--abstain-below",
      String(minProbability + 0.01),
    ]);
    expect(above.code).toBe(0);
    const abstained = above.stdout.split("\n");
    expect(abstained[0]).toBe("I'm not sure.");
    expect(abstained[1]).toMatch(/^\(abstained: the least probable token .* is below the threshold/);
    const below = await runCli([
      prompt,
      ...modelArgs,
      "--max-tokens",
      "8",
      "--abstain-below",
      String(minProbability - 0.01),
    ]);
    expect(below.code).toBe(0);
    const answered = below.stdout.split("\n");
    expect(answered[0]).toBe(greedy.text);
    expect(answered[1]).toMatch(/^\(answered: .* is not below the threshold/);
  });

  it("paints the heatmap with FORCE_COLOR and prints plain text with NO_COLOR", {
    timeout: 150_000,
  }, async () => {
    const painted = await runCli([prompt, ...modelArgs, "--max-tokens", "8"], { env: { FORCE_COLOR: "1" } });
    expect(painted.code).toBe(0);
    expect(painted.stdout).toMatch(ansiPattern);
    expect(painted.stdout).toContain("probability: ");
    expect(painted.stdout.replace(ansiPattern, "").split("\n")[0]).toBe(greedy.text);
    const plain = await runCli([prompt, ...modelArgs, "--max-tokens", "8"], { env: { NO_COLOR: "1" } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(ansiPattern);
    expect(plain.stdout.split("\n")[0]).toBe(greedy.text);
    expect(plain.stdout).toContain(`perplexity: ${Number(greedy.summary.perplexity.toPrecision(4))}`);
  });

  it("passes the sampling flags: processed logprobs under --top-k 2 renormalise the raw top two", async () => {
    const run = await runCli([
      prompt,
      ...modelArgs,
      "--max-tokens",
      "1",
      "--temperature",
      "1",
      "--top-k",
      "2",
      "--seed",
      "7",
      "--logprobs-mode",
      "processed",
      "--top",
      "2",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const token = JSON.parse(run.stdout).tokens[0];
    // Hand: at temperature 1, top-k 2 keeps "," and " there"; the processed distribution is the raw
    // one renormalised over them: logprob = raw logprob - log(exp(raw ",") + exp(raw " there")).
    const [first, second] = greedy.tokens[0]!.top;
    const normaliser = Math.log(Math.exp(first!.logprob) + Math.exp(second!.logprob));
    const raw = [first!, second!].find((alternative) => alternative.token === token.token);
    expect(raw).toBeDefined();
    expect(token.logprob).toBeCloseTo(raw!.logprob - normaliser, 5);
    expect(token.top).toHaveLength(2);
    expect(Math.exp(token.top[0].logprob) + Math.exp(token.top[1].logprob)).toBeCloseTo(1, 9);
  });

  it("--stop ends the text before the stop string", async () => {
    const run = await runCli([prompt, ...modelArgs, "--max-tokens", "8", "--stop", " little", "--json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    // Hand: the greedy text ", there was a little girl" cut before " little".
    expect(result.text).toBe(", there was a");
    expect(result.finishReason).toBe("stop");
  });

  it("a limit that depends on the model (vocabulary 512) still names the flag, exit 2", async () => {
    const run = await runCli([prompt, ...modelArgs, "--max-tokens", "2", "--top-k", "600"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("logprobe: --top-k: must be an integer from 0 to 512\n");
  });

  it("Ctrl-C stops generation, prints what was generated with its summary and exits 130", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/bin.ts",
        prompt,
        ...modelArgs,
        "--context-size",
        "4096",
        "--max-tokens",
        "4000",
        "--top",
        "0",
      ],
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      // Interrupt once generation is well under way (the heatmap streams token by token).
      if (!interrupted && stdout.length > 200) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on("close", (exitCode) => resolve(exitCode)),
    );
    expect(interrupted).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toBe(
      "logprobe: interrupted: the output above covers the tokens generated before Ctrl-C\n",
    );
    expect(stdout.startsWith(greedy.text)).toBe(true);
    expect(stdout).toContain("finish: cancelled");
    const count = Number(/tokens: (\d+)/.exec(stdout)?.[1]);
    expect(count).toBeGreaterThan(8);
    expect(count).toBeLessThan(4000);
  });

  it("beam --width 1 is greedy decoding", async () => {
    const run = await runCli(["beam", prompt, ...modelArgs, "--width", "1", "--max-tokens", "8", "--json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.beams).toHaveLength(1);
    const beam = result.beams[0];
    expect(beam.text).toBe(greedy.text);
    expect(beam.tokens.map((token: { token: string }) => token.token)).toEqual(
      greedy.tokens.map((token) => token.token),
    );
    beam.tokens.forEach((token: { logprob: number }, index: number) => {
      expect(Math.abs(token.logprob - greedy.tokens[index]!.logprob!)).toBeLessThan(1e-3);
    });
    expect(beam.cumulativeLogprob).toBeCloseTo(beam.summary.jointLogprob, 12);
  });

  describe("score", () => {
    const text =
      "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";
    const file = join(mkdtempSync(join(tmpdir(), "logprobe-score-")), "story.txt");
    writeFileSync(file, text);
    let engine: EngineModel;

    afterAll(async () => {
      await engine?.close();
    });

    let jsonl: string;

    beforeAll(async () => {
      engine = await loadTestEngine();
      const run = await runCli(["score", file, ...modelArgs, "--jsonl"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      jsonl = run.stdout;
    }, 150_000);

    it("--jsonl perplexity is exp(-mean) of its own lines and equals the engine's", async () => {
      const lines = jsonl
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
      const summary = lines.at(-1);
      const tokens = lines.slice(0, -1);
      expect(summary.type).toBe("summary");
      const scored = tokens.filter((token) => token.logprob !== null);
      expect(scored.length).toBe(summary.tokenCount);
      const mean = scored.reduce((sum, token) => sum + token.logprob, 0) / scored.length;
      expect(summary.perplexity).toBeCloseTo(Math.exp(-mean), 10);
      // Bits per byte by hand: total NLL in bits over the UTF-8 bytes of the scored tokens (the
      // tokenizer's leading space of " Once" counts, as in core's summarizeSequence).
      const bytes = scored.reduce((sum, token) => sum + Buffer.byteLength(token.token), 0);
      expect(summary.bitsPerByte).toBeCloseTo((-mean * scored.length) / Math.LN2 / bytes, 10);

      const reference = await engine.score({ text });
      expect(summary.perplexity).toBeCloseTo(reference.perplexity, 10);
      expect(summary.bitsPerByte).toBeCloseTo(reference.bitsPerByte, 10);
      expect(tokens.map((token) => token.token)).toEqual(
        reference.sequence.tokens.map((token) => token.token),
      );
      tokens.forEach((token, index) => {
        const expected = reference.sequence.tokens[index]!.logprob;
        if (expected === null) expect(token.logprob).toBeNull();
        else expect(token.logprob).toBeCloseTo(expected, 10);
      });
    });

    it("reads stdin for '-' and prints the same numbers", async () => {
      const fromStdin = await runCli(["score", "-", ...modelArgs, "--jsonl"], { stdin: text });
      expect(fromStdin.code).toBe(0);
      expect(fromStdin.stdout).toBe(jsonl);
    });
  });
});
