/**
 * `logprobe serve` without native code: the fake bigram model stands in for the engine. Checks the
 * flags, the banner (URL, binding note, example curl, never the key), that the example request
 * works against the running server, and that a stop request shuts it down and closes the model.
 */
import { describe, expect, it } from "vitest";
import { createEchoFakeModel } from "../../../test/server/echo-fake-model.js";
import type { LogprobModel } from "../../core/model.js";
import type { RunningServer } from "../../server/node.js";
import { parseServeOptions, runServe } from "./serve.js";

function capture() {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
    },
    out: () => stdout,
    err: () => stderr,
  };
}

describe("parseServeOptions", () => {
  it("takes the API key from LOGPROBE_API_KEY when --api-key is absent", () => {
    const options = parseServeOptions({ port: "0" }, { LOGPROBE_API_KEY: "from-env" });
    expect(options.apiKey).toBe("from-env");
    expect(options.port).toBe(0);
    expect(options.parallel).toBe(2);
    expect(parseServeOptions({ apiKey: "flag" }, { LOGPROBE_API_KEY: "env" }).apiKey).toBe("flag");
    expect(parseServeOptions({}, {}).apiKey).toBeUndefined();
  });

  it("names the flag and the range for a bad value", () => {
    expect(() => parseServeOptions({ port: "70000" }, {})).toThrow(/0 to 65535/);
    expect(() => parseServeOptions({ parallel: "0" }, {})).toThrowError(
      expect.objectContaining({ field: "--parallel" }),
    );
  });
});

describe("parseServeOptions: --dialects and --max-logprobs", () => {
  it("serves every dialect by default, takes a list in any order, and names the flag for an unknown one", () => {
    expect(parseServeOptions({}, {}).dialects).toEqual(["openai", "ollama", "llamacpp", "vllm", "sglang"]);
    expect(parseServeOptions({ dialects: "ollama, OpenAI,ollama" }, {}).dialects).toEqual([
      "openai",
      "ollama",
    ]);
    expect(() => parseServeOptions({ dialects: "openai,tgi" }, {})).toThrowError(
      expect.objectContaining({
        field: "--dialects",
        message: expect.stringMatching(/tgi.*allowed: openai, ollama/),
      }),
    );
    expect(parseServeOptions({}, {}).maxLogprobs).toBe(20);
    expect(parseServeOptions({ maxLogprobs: "100" }, {}).maxLogprobs).toBe(100);
  });
});

describe("parseServeOptions: --cors", () => {
  it("collects the origins (none by default) and names --cors for a bad one", () => {
    expect(parseServeOptions({}, {}).cors).toEqual([]);
    expect(parseServeOptions({ cors: ["http://LOCALHOST:5173", "*"], apiKey: "k" }, {}).cors).toEqual([
      "http://localhost:5173",
      "*",
    ]);
    expect(() => parseServeOptions({ cors: ["localhost:5173"] }, {})).toThrowError(
      expect.objectContaining({ field: "--cors" }),
    );
  });
});

describe("runServe", () => {
  it("serves until asked to stop, prints the URL and a working example curl, then closes the model", async () => {
    const output = capture();
    const base = createEchoFakeModel();
    let closed = false;
    const model: LogprobModel = {
      ...base,
      close: async () => {
        closed = true;
      },
    };
    let stop: () => void = () => {};
    const stopRequested = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let running: RunningServer | undefined;
    const done = runServe(parseServeOptions({ port: "0", apiKey: "k3y" }, {}), {
      io: output.io,
      loadModel: async (_options, parallel) => {
        expect(parallel).toBe(2);
        return model;
      },
      stopRequested,
      onListening: (server) => {
        running = server;
      },
    });
    while (!running) await new Promise((resolve) => setTimeout(resolve, 5));
    const banner = output.out();
    expect(banner).toContain(`serving fake-bigram at ${running.url}`);
    expect(banner).toContain(`curl ${running.url}/v1/completions`);
    expect(banner).toContain("Authorization: Bearer $LOGPROBE_API_KEY");
    expect(banner).not.toContain("k3y");
    // The example body from the banner, sent as written.
    const body = /-d '(.*)'/.exec(banner)?.[1];
    const response = await fetch(`${running.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k3y" },
      body: body!,
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { choices: { logprobs: { tokens: string[] } }[] };
    expect(json.choices[0]!.logprobs.tokens.length).toBeGreaterThan(0);
    stop();
    await done;
    expect(closed).toBe(true);
    expect(output.err()).toMatch(/POST \/v1\/completions 200 tokens=\d+\+\d+ \d+ms/);
    expect(output.err()).toContain("stopped");
  });

  it("without a key, says it listens on 127.0.0.1 only", async () => {
    const output = capture();
    let running: RunningServer | undefined;
    const done = runServe(parseServeOptions({ port: "0" }, {}), {
      io: output.io,
      loadModel: async () => createEchoFakeModel(),
      stopRequested: new Promise((resolve) => setTimeout(resolve, 50)),
      onListening: (server) => {
        running = server;
      },
    });
    await done;
    expect(running?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output.out()).toMatch(/no API key, so listening on 127\.0\.0\.1 only/);
  });

  it("a stop requested while the model loads closes it without serving", async () => {
    const output = capture();
    let closed = false;
    let listened = false;
    await runServe(parseServeOptions({ port: "0" }, {}), {
      io: output.io,
      loadModel: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return {
          ...createEchoFakeModel(),
          close: async () => {
            closed = true;
          },
        };
      },
      stopRequested: Promise.resolve(),
      onListening: () => {
        listened = true;
      },
    });
    expect(listened).toBe(false);
    expect(closed).toBe(true);
    expect(output.err()).toContain("stopped before serving");
  });

  it("--allow-host names reach the server's host check; other names get 403", async () => {
    expect(() => parseServeOptions({ allowHost: ["http://x/"] }, {})).toThrow(
      expect.objectContaining({ field: "--allow-host" }),
    );
    const output = capture();
    let running: RunningServer | undefined;
    let stop: () => void = () => {};
    const done = runServe(parseServeOptions({ port: "0", allowHost: ["mybox.lan"] }, {}), {
      io: output.io,
      loadModel: async () => createEchoFakeModel(),
      stopRequested: new Promise((resolve) => {
        stop = () => resolve(undefined);
      }),
      onListening: (server) => {
        running = server;
      },
    });
    while (!running) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(output.out()).toContain("127.0.0.1, [::1], mybox.lan are answered");
    const allowed = await running.app.request("http://mybox.lan/v1/models");
    const other = await running.app.request("http://other.lan/v1/models");
    stop();
    await done;
    expect(allowed.status).toBe(200);
    expect(other.status).toBe(403);
  });
});
