/**
 * The CLI on a real terminal: util-linux `script` runs `logprobe score` under a pseudo-terminal,
 * so colour is detected from the terminal itself (no FORCE_COLOR) and the progress bar is drawn
 * on stderr. Oracles: the progress numbers by hand (done/total, percent = floor(100 done/total),
 * and the last update reaching total with ETA 0s); the plain run (a pipe) must hold no escape code
 * and no progress bar.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const scriptAvailable = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
const sentence =
  "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. ";
const modelArgs = ["--model", testModelPath, "--threads", "1", "--context-size", "512", "--gpu", "off"];

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

describe.skipIf(!requireTestModel() || !scriptAvailable)("logprobe score on a terminal", () => {
  // About 1,760 tokens: more than three windows of the 512-token context, so progress is reported.
  const file = join(mkdtempSync(join(tmpdir(), "logprobe-tty-")), "long.txt");
  writeFileSync(file, sentence.repeat(40));

  it("paints the heatmap and draws a progress bar with tokens/s and ETA; a pipe gets neither", {
    timeout: 150_000,
  }, async () => {
    const command = [process.execPath, "--import", "tsx", "src/cli/bin.ts", "score", file, ...modelArgs]
      .map(shellQuote)
      .join(" ");
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color" };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const terminal = spawnSync("script", ["-qec", command, "/dev/null"], {
      cwd: repoRoot,
      env,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(terminal.status).toBe(0);
    const output = terminal.stdout;
    expect(output).toMatch(/\u001b\[48;5;\d+m/);
    expect(output).toContain("probability: ");
    const bars = [
      ...output.matchAll(
        /\r\[[#-]{24}\] (\d+)\/(\d+) tokens +(\d+)% {2}[\d.]+ tok\/s {2}ETA (\S+)\u001b\[K/g,
      ),
    ];
    expect(bars.length).toBeGreaterThan(1);
    for (const [, done, total, percent] of bars) {
      expect(Number(percent)).toBe(Math.floor((100 * Number(done)) / Number(total)));
    }
    const last = bars.at(-1)!;
    expect(last[1]).toBe(last[2]);
    expect(last[4]).toBe("0s");
    expect(output).toContain("\r\u001b[K"); // the bar erases its line when done
    const tokenCount = Number(/tokens: (\d+)/.exec(output)?.[1]);
    expect(Number(last[2])).toBe(tokenCount);

    const pipe = await runCli(["score", file, ...modelArgs], { env: { NO_COLOR: "" } });
    expect(pipe.code).toBe(0);
    expect(pipe.stdout).not.toMatch(/\u001b\[/);
    expect(pipe.stderr).toBe("");
  });
});
