/**
 * The CLI never loads native code for `--help` (DEVELOPERS.md). The child runs with a preload
 * (helpers/forbid-native.mjs) that makes `process.dlopen` (how every .node addon is loaded) and
 * resolving `node-llama-cpp` throw. The control cases show the guard does fail when native code
 * is loaded, so the `--help` checks can fail.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { repoRoot } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

function runGuarded(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["--import", "./test/cli/helpers/forbid-native.mjs", "--import", "tsx", ...args],
    { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("--help loads no native code", () => {
  // Every registered command (listing them loads no native code either: registration is static).
  const commandNames = buildProgram()
    .commands.map((command) => command.name())
    .filter((name) => name !== "help");
  it("lists the CLI's commands", () => {
    expect(commandNames).toEqual(expect.arrayContaining(["generate", "score", "beam"]));
  });
  for (const args of [["--help"], ["--version"], ...commandNames.map((name) => [name, "--help"])]) {
    it(`logprobe ${args.join(" ")}`, () => {
      const run = runGuarded(["src/cli/bin.ts", ...args]);
      expect(run.stderr).not.toContain("forbidden native code");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Usage: logprobe|\d+\.\d+\.\d+/);
    });
  }

  it("control: the guard fails a process that imports node-llama-cpp", () => {
    const run = runGuarded(["--input-type=module", "-e", 'await import("node-llama-cpp")']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("forbidden native code: import node-llama-cpp");
  });

  it("control: the guard fails a process that loads a .node addon", () => {
    // An empty file named *.node: require hands it to process.dlopen, which the guard replaced.
    const addon = join(mkdtempSync(join(tmpdir(), "logprobe-guard-")), "addon.node");
    writeFileSync(addon, "");
    const run = runGuarded(["-e", `require(${JSON.stringify(addon)})`]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("forbidden native code: dlopen");
  });

  it.skipIf(!requireTestModel())("control: the guard fails the CLI when it really loads a model", () => {
    const run = runGuarded(["src/cli/bin.ts", "Once", "--model", testModelPath, "--max-tokens", "1"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("forbidden native code");
  });
});
