/**
 * Completion scripts. Oracle: bash itself: the bash script is sourced in a real bash and its
 * function run on COMP_WORDS as bash's programmable completion would (bash(1), "Programmable
 * Completion"); zsh and fish scripts are checked for every command and option name.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../main.js";
import { completionScript } from "./completion.js";

function bashComplete(words: string[]): string[] {
  const script = completionScript("bash", buildProgram());
  const program = `${script}
COMP_WORDS=(${words.map((word) => `'${word}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_logprobe; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["--norc", "-c", program], { encoding: "utf8", cwd: "/" })
    .split("\n")
    .filter((line) => line !== "");
}

describe("completion", () => {
  it("bash completes command names, then each command's own options", () => {
    expect(bashComplete(["logprobe", "gen"])).toEqual(["generate"]);
    expect(bashComplete(["logprobe", "mo"])).toEqual(["models"]);
    expect(bashComplete(["logprobe", "serve", "--co"])).toEqual(["--context-size", "--cors"]);
    expect(bashComplete(["logprobe", "score", "--js"])).toEqual(["--json", "--jsonl"]);
    // Without a command the default command's options apply: `logprobe "Hi" --ta`.
    expect(bashComplete(["logprobe", "Hi", "--ta"])).toEqual(["--table"]);
  });

  it("zsh and fish scripts name every command and option", () => {
    const program = buildProgram();
    const zsh = completionScript("zsh", program);
    const fish = completionScript("fish", program);
    expect(zsh.startsWith("#compdef logprobe")).toBe(true);
    for (const command of program.commands) {
      expect(zsh).toContain(`'${command.name()}:`);
      expect(fish).toContain(`-a ${command.name()} `);
      for (const option of command.options) {
        expect(zsh).toContain(option.long!);
        expect(fish).toContain(`-l ${option.long!.slice(2)}`);
      }
    }
  });

  it("names SHELL for an unknown shell", () => {
    expect(() => completionScript("powershell", buildProgram())).toThrowError(
      expect.objectContaining({ field: "SHELL" }),
    );
  });
});
