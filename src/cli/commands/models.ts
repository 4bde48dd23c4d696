/**
 * `logprobe models`: the models there are to use. Without `--provider`: the GGUF files in the local
 * model cache (downloaded `hf:` URIs and URLs), the default model and `$LOGPROBE_MODEL`. With
 * `--provider` (and `--base-url`): the remote server's own list (`/v1/models`, Ollama's
 * `/api/tags`, Gemini's `models`), as `ollama list` and `llm models` show theirs.
 */
import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../../core/errors.js";
import { providerNames } from "../../providers/provider-names.js";
import { type CommandIo, processIo } from "../command-io.js";
import { choiceFlag, integerFlag, textFlag } from "../flag-schemas.js";
import { parseFlags } from "../parse-flags.js";
import { renderColumns } from "../render/plain-columns.js";

const modelsFlagsSchema = z.object({
  provider: choiceFlag(providerNames).optional(),
  baseUrl: textFlag().optional(),
  apiKey: z.string().optional(),
  timeout: integerFlag({ min: 1, max: 86_400 }).default(30),
  json: z.boolean().default(false),
});

/** Validated flags of `models`. */
export type ModelsOptions = z.output<typeof modelsFlagsSchema>;

/** Reads the flags. @throws {InvalidInputError} naming the flag */
export function parseModelsOptions(raw: unknown): ModelsOptions {
  const options = parseFlags(modelsFlagsSchema, raw);
  if (options.provider === undefined && (options.baseUrl !== undefined || options.apiKey !== undefined)) {
    throw new InvalidInputError(
      "--provider",
      "--base-url and --api-key need --provider",
      providerNames.join(", "),
    );
  }
  return options;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Lists the models; `fetch` is injectable for tests. */
export async function runModels(options: ModelsOptions, io: CommandIo): Promise<void> {
  if (options.provider !== undefined) {
    const { listRemoteModels } = await import("../../providers/list-remote-models.js");
    const models = await listRemoteModels({
      provider: options.provider,
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      timeoutMs: options.timeout * 1000,
      environment: io.env,
    });
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ provider: options.provider, models })}\n`);
      return;
    }
    const rows = [["model", "owned by"], ...models.map((model) => [model.id, model.ownedBy ?? ""])];
    io.stdout.write(`${models.length === 0 ? "(the server lists no models)" : renderColumns(rows)}\n`);
    return;
  }
  const { defaultCacheDirectory } = await import("../../engine/resolve-model.js");
  const { listLocalModels } = await import("../../engine/local-models.js");
  const { DEFAULT_MODEL, MODEL_ENVIRONMENT_VARIABLE } = await import("../../engine/default-model.js");
  const directory = defaultCacheDirectory(io.env);
  const models = await listLocalModels(directory);
  const fromEnvironment = io.env[MODEL_ENVIRONMENT_VARIABLE] || undefined;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ cacheDirectory: directory, models, defaultModel: DEFAULT_MODEL, environmentModel: fromEnvironment ?? null })}\n`,
    );
    return;
  }
  const lines = [`local model cache: ${directory}`];
  lines.push(
    models.length === 0
      ? "  (empty: models given as hf:... URIs or URLs are downloaded here on first use)"
      : renderColumns([
          ["model", "size", "path"],
          ...models.map((model) => [model.name, megabytes(model.bytes), model.path]),
        ]),
  );
  lines.push("", `default model: ${DEFAULT_MODEL}`);
  if (fromEnvironment !== undefined)
    lines.push(`${MODEL_ENVIRONMENT_VARIABLE}: ${fromEnvironment} (used when --model is absent)`);
  lines.push("remote models: logprobe models --provider NAME [--base-url URL]");
  io.stdout.write(`${lines.join("\n")}\n`);
}

/** Registers `logprobe models`. */
export function registerModels(program: Command): void {
  program
    .command("models")
    .description("list local cached models, or a provider's models with --provider (its /v1/models)")
    .option("--provider <name>", `list a remote server's models: ${providerNames.join(", ")}`)
    .option("--base-url <url>", "server URL of the provider, e.g. http://127.0.0.1:8000/v1")
    .option("--api-key <key>", "API key (default: the provider's usual environment variable)")
    .option("--timeout <seconds>", "seconds allowed for the request, 1 to 86400 (default: 30)")
    .option("--json", "print one JSON object")
    .action(async (raw: unknown) => {
      const io = processIo();
      await runModels(parseModelsOptions(raw), io);
    });
}
