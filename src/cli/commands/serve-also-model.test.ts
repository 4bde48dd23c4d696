import { describe, expect, it } from "vitest";
import { captureIo } from "../../../test/cli/helpers/capture-io.js";
import { createEchoFakeModel } from "../../../test/server/echo-fake-model.js";
import type { ModelOptions } from "../../cli/model-options.js";
import type { RunningServer } from "../../server/node.js";
import { parseServeOptions, runServe } from "./serve.js";

describe("logprobe serve --also-model", () => {
  it("serves every model (for /v1/compare and /v1/detect) and closes each", async () => {
    const output = captureIo();
    const closed: string[] = [];
    const loaded: (string | undefined)[] = [];
    let stop: () => void = () => {};
    const stopRequested = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let running: RunningServer | undefined;
    const done = runServe(parseServeOptions({ port: "0", model: "a.gguf", alsoModel: ["b.gguf"] }, {}), {
      io: output.io,
      loadModel: async (options: ModelOptions) => {
        loaded.push(options.model);
        const id = options.model ?? "default";
        return { ...createEchoFakeModel(), id, close: async () => void closed.push(id) };
      },
      stopRequested,
      onListening: (server) => {
        running = server;
      },
    });
    while (!running) await new Promise((resolve) => setTimeout(resolve, 5));
    const models = (await (await fetch(`${running.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(["a.gguf", "b.gguf"]);
    stop();
    await done;
    expect(loaded).toEqual(["a.gguf", "b.gguf"]);
    expect(closed).toEqual(["a.gguf", "b.gguf"]);
  });

  it("rejects more than 8 extra models naming the flag", () => {
    expect(() => parseServeOptions({ alsoModel: Array(9).fill("x.gguf") }, {})).toThrow(
      expect.objectContaining({ field: "--also-model", message: "must be given at most 8 times" }),
    );
  });
});
