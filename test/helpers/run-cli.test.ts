import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("runCli", () => {
  it("runs the real binary and captures exit code and streams", async () => {
    const version = await runCli(["--version"]);
    expect(version).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
    const unknown = await runCli(["--no-such-flag"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("--no-such-flag");
  });
});
