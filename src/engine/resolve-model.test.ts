/**
 * resolveModel: where the model name comes from (option, LOGPROBE_MODEL, default) and the errors
 * when it cannot be found or downloaded. Downloads are made to fail fast against a local port that
 * nothing listens on, so these tests never touch the network.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelLoadError } from "../core/errors.js";
import { DEFAULT_MODEL } from "./default-model.js";
import { defaultCacheDirectory, isRemoteModel, resolveModel } from "./resolve-model.js";

/** A localhost URL on which nothing listens (a port just released by a server). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return `http://127.0.0.1:${address.port}`;
}

const scratch = mkdtempSync(join(tmpdir(), "logprobe-resolve-"));
const localFile = join(scratch, "tiny.gguf");
writeFileSync(localFile, "not really a model");

describe("resolveModel", () => {
  it("takes the option first, then LOGPROBE_MODEL", async () => {
    await expect(resolveModel({ model: localFile, env: {} })).resolves.toEqual({
      path: localFile,
      requested: localFile,
      origin: "option",
    });
    await expect(resolveModel({ env: { LOGPROBE_MODEL: localFile } })).resolves.toMatchObject({
      path: localFile,
      origin: "environment",
    });
  });

  it("names a missing file and says how to pass a local .gguf", async () => {
    const missing = join(scratch, "missing.gguf");
    const error = await resolveModel({ model: missing, env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).model).toBe(missing);
    expect((error as Error).message).toContain("model file not found");
    expect((error as Error).message).toContain("--model ./model.gguf");
    expect((error as Error).message).toContain("LOGPROBE_MODEL");
  });

  it("fails at once with one clear message when the default model cannot be downloaded", async () => {
    const endpoint = await closedPortUrl();
    const started = Date.now();
    const error = await resolveModel({
      env: {},
      cacheDirectory: join(scratch, "cache"),
      huggingFaceEndpoint: `${endpoint}/`,
      onDownloadProgress: () => {},
    }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).model).toBe(DEFAULT_MODEL);
    const message = (error as Error).message;
    expect(message).toContain(`could not download the default model ${DEFAULT_MODEL}`);
    expect(message).toContain("cannot be reached");
    expect(message).toContain("--model ./model.gguf");
    expect(message).toContain("LOGPROBE_MODEL=/path/to/model.gguf");
  });

  it("fails the same way for a URL whose host cannot be reached", async () => {
    const url = `${await closedPortUrl()}/model.gguf`;
    await expect(
      resolveModel({
        model: url,
        env: {},
        cacheDirectory: join(scratch, "cache"),
        onDownloadProgress: () => {},
      }),
    ).rejects.toThrow(/could not download http:\/\/127\.0\.0\.1:\d+\/model\.gguf: .*cannot be reached/);
  });

  it("tells URIs and URLs from paths, and caches under the user's cache directory", () => {
    expect(isRemoteModel(DEFAULT_MODEL)).toBe(true);
    expect(isRemoteModel("https://example.com/m.gguf")).toBe(true);
    expect(isRemoteModel("./models/m.gguf")).toBe(false);
    expect(defaultCacheDirectory({ XDG_CACHE_HOME: "/x/cache" })).toBe(
      join("/x/cache", "logprobe", "models"),
    );
    expect(DEFAULT_MODEL).toMatch(
      /^hf:Qwen\/Qwen2\.5-0\.5B-Instruct-GGUF\/qwen2\.5-0\.5b-instruct-q4_k_m\.gguf$/,
    );
  });
});
