/**
 * `logprobe models --provider`: the list of a running OpenAI-compatible server (logprobe's own,
 * over the fake bigram model). Oracle: the server's `GET /v1/models`, read directly.
 */
import { describe, expect, it } from "vitest";
import { createEchoFakeModel } from "../../../test/server/echo-fake-model.js";
import { startServer } from "../../server/node.js";
import { parseModelsOptions, runModels } from "./models.js";

function capture() {
  let stdout = "";
  return {
    io: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, env: {} },
    out: () => stdout,
  };
}

describe("models --provider", () => {
  it("lists what the server's /v1/models lists, with the key sent", async () => {
    const server = await startServer({
      models: createEchoFakeModel(),
      port: 0,
      host: "127.0.0.1",
      apiKey: "k",
      log: () => {},
    });
    try {
      const direct = (await (
        await fetch(`${server.url}/v1/models`, { headers: { authorization: "Bearer k" } })
      ).json()) as { data: { id: string; owned_by: string }[] };
      const output = capture();
      const options = parseModelsOptions({
        provider: "openai-compatible",
        baseUrl: `${server.url}/v1`,
        apiKey: "k",
        json: true,
      });
      await runModels(options, output.io);
      expect(JSON.parse(output.out()).models).toEqual(
        direct.data.map((model) => ({ id: model.id, ownedBy: model.owned_by })),
      );
      const text = capture();
      await runModels({ ...options, json: false }, text.io);
      expect(text.out()).toContain("fake-bigram");
      await expect(runModels({ ...options, apiKey: "wrong" }, capture().io)).rejects.toMatchObject({
        status: 401,
      });
    } finally {
      await server.close(1000);
    }
  });

  it("names --provider when --base-url comes without it", () => {
    expect(() => parseModelsOptions({ baseUrl: "http://x" })).toThrowError(
      expect.objectContaining({ field: "--provider" }),
    );
  });
});
