/**
 * `logprobe serve`: the OpenAI-compatible HTTP server over a local model. Loads the model (with
 * `--parallel` context sequences), serves it with src/server's node entry, prints the URL and an
 * example curl, and stops gracefully on SIGINT/SIGTERM (requests in flight get a grace period,
 * then are cancelled; a second signal exits at once).
 */
import { resolve as resolvePath } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobModel } from "../../core/model.js";
import { parseCorsOrigin } from "../../server/cors.js";
import { DIALECT_NAMES, parseDialects } from "../../server/dialects.js";
import { isLoopbackHost } from "../../server/loopback-host.js";
import type { RunningServer, StartServerOptions } from "../../server/node.js";
import { type CommandIo, processIo } from "../command-io.js";
import { integerFlag, textFlag } from "../flag-schemas.js";
import {
  addModelOptions,
  engineLoadOptions,
  type ModelOptions,
  parseModelOptions,
} from "../model-options.js";
import { MAX_PARALLEL_SEQUENCES } from "../parallel-flag.js";
import { parseFlags } from "../parse-flags.js";
import { stopSignals } from "../stop-signals.js";

/**
 * `--prompt-cache-tokens` when not given: tokens the idle sequences keep for later prompts that
 * share a prefix with theirs (prompt cache). It lives in the KV cache the sequences already have,
 * so it costs no extra model memory, only O(top-k) numbers per echoed token.
 */
export const DEFAULT_PROMPT_CACHE_TOKENS = 8192;

const serveFlagsSchema = z.object({
  port: integerFlag({ min: 0, max: 65_535 }).default(8080),
  host: textFlag().optional(),
  apiKey: textFlag().optional(),
  parallel: integerFlag({ min: 1, max: MAX_PARALLEL_SEQUENCES }).default(2),
  promptCacheTokens: integerFlag({ min: 0, max: 1_073_741_824 }).default(DEFAULT_PROMPT_CACHE_TOKENS),
  maxQueue: integerFlag({ min: 0, max: 100_000 }).default(16),
  maxTokensLimit: integerFlag({ min: 1, max: 1_048_576 }).default(4096),
  maxLogprobs: integerFlag({ min: 0, max: 100_000 }).default(20),
  dialects: z
    .string()
    .default(DIALECT_NAMES.join(","))
    .transform((value, context) => {
      try {
        return parseDialects(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  maxBodyBytes: integerFlag({ min: 1024, max: 1024 * 1024 * 1024 }).default(8 * 1024 * 1024),
  timeout: integerFlag({ min: 0, max: 86_400 }).default(300),
  grace: integerFlag({ min: 0, max: 3600 }).default(10),
  bodyTimeout: integerFlag({ min: 0, max: 86_400 }).default(60),
  maxConnections: integerFlag({ min: 1, max: 1_000_000 }).default(256),
  webRoot: textFlag().optional(),
  allowHost: z
    .array(
      z
        .string()
        .trim()
        .regex(/^(\*|\[?[A-Za-z0-9.:_-]+\]?)$/, "a host name or address without port or scheme, or *"),
    )
    .default([]),
  alsoModel: z.array(textFlag()).max(8, { message: "must be given at most 8 times" }).optional(),
  cors: z.array(z.string()).default([]),
});

/** Validated serve flags. */
export type ServeOptions = z.output<typeof serveFlagsSchema> & { model: ModelOptions };

/**
 * Reads and validates the serve flags. The API key comes from `--api-key`, else from
 * `LOGPROBE_API_KEY` in `env`.
 *
 * @throws {InvalidInputError} naming the flag when a value is out of range, and on `--cors` for
 *   `*` without an API key (every website the user visits could then call the model)
 */
export function parseServeOptions(raw: unknown, env: NodeJS.ProcessEnv): ServeOptions {
  const options = parseFlags(serveFlagsSchema, raw);
  const apiKey = options.apiKey ?? (env.LOGPROBE_API_KEY || undefined);
  options.cors = options.cors.map((origin) => parseCorsOrigin(origin, "--cors"));
  if (options.cors.includes("*") && apiKey === undefined) {
    throw new InvalidInputError(
      "--cors",
      "--cors '*' without an API key would let every website open in a browser on this machine call the model (the browser sends those requests to localhost); set --api-key or LOGPROBE_API_KEY, or list the origins allowed",
      "an origin such as https://app.example.com, or * together with --api-key",
    );
  }
  const model = parseModelOptions(raw);
  // The same file twice would be listed (and loaded) twice under one name.
  const served = new Set<string>();
  const key = (path: string) => (/^[a-z][a-z0-9+.-]*:/i.test(path) ? path : resolvePath(path));
  if (model.model !== undefined) served.add(key(model.model));
  for (const path of options.alsoModel ?? []) {
    if (served.has(key(path))) {
      throw new InvalidInputError(
        "--also-model",
        `${path} is already served (given twice, or the same file as --model)`,
        "each model once",
      );
    }
    served.add(key(path));
  }
  return { ...options, ...(apiKey !== undefined ? { apiKey } : {}), model };
}

/** What {@link runServe} needs from outside; tests replace the model loader and the stop signal. */
export interface ServeDependencies {
  io: CommandIo;
  /** Loads the model (default: the engine, with `parallel` sequences). */
  loadModel?: (options: ModelOptions, parallel: number, promptCacheTokens: number) => Promise<LogprobModel>;
  /** Resolves when the server should stop (default: the first SIGINT or SIGTERM). */
  stopRequested?: Promise<unknown>;
  /** Called once the server listens (tests read the URL here). */
  onListening?: (server: RunningServer) => void;
}

async function loadEngineModel(
  options: ModelOptions,
  parallel: number,
  promptCacheTokens: number,
): Promise<LogprobModel> {
  const { loadModel } = await import("../../engine/index.js");
  return loadModel({ ...engineLoadOptions(options), parallel, promptCacheTokens });
}

/** The lines printed once the server listens: URL, binding note, example curl. Never the key. */
export function serveBanner(
  server: { url: string },
  model: LogprobModel,
  options: ServeOptions,
  host: string,
): string {
  const lines = [`logprobe: serving ${model.id} at ${server.url}  (OpenAI-compatible: ${server.url}/v1)`];
  if (options.apiKey === undefined) {
    lines.push(
      isLoopbackHost(host)
        ? `logprobe: no API key, so listening on ${host} only (this machine); set --api-key or LOGPROBE_API_KEY before binding another --host`
        : `logprobe: WARNING: no API key and bound to ${host}: anyone who can reach this machine can use the model; set --api-key or LOGPROBE_API_KEY`,
      `logprobe: without a key, only requests for localhost, 127.0.0.1, [::1]${options.allowHost.length > 0 ? `, ${options.allowHost.join(", ")}` : ""} are answered (--allow-host adds names)`,
    );
  } else {
    lines.push("logprobe: API key required: send 'Authorization: Bearer <key>'");
  }
  if (options.cors.length > 0) {
    lines.push(
      `logprobe: browser apps allowed from (CORS): ${options.cors.join(", ")}${options.apiKey === undefined ? " (without a key, pages from these origins can use the model)" : ""}`,
    );
  }
  lines.push(
    `logprobe: dialects: ${options.dialects.join(", ")}${options.dialects.includes("ollama") ? ` (Ollama clients: OLLAMA_HOST=${server.url}; Ollama's own port 11434 only with --port 11434)` : ""}`,
    `logprobe: ${options.parallel} request(s) at once, ${options.maxQueue} more may wait; Ctrl-C stops (in-flight requests get ${options.grace} s)`,
    "",
    "Try:",
    `  curl ${server.url}/v1/completions \\`,
    `    -H "Content-Type: application/json" \\`,
    ...(options.apiKey !== undefined ? [`    -H "Authorization: Bearer $LOGPROBE_API_KEY" \\`] : []),
    `    -d '${JSON.stringify({ model: model.id, prompt: "The quick brown fox jumps over the", max_tokens: 10, logprobs: 5 })}'`,
    "",
  );
  return lines.join("\n");
}

/** Loads the model, serves it until a stop is requested, then shuts down gracefully. */
export async function runServe(options: ServeOptions, dependencies: ServeDependencies): Promise<void> {
  const { io } = dependencies;
  const signals = dependencies.stopRequested === undefined ? stopSignals(io) : undefined;
  const stopRequested = dependencies.stopRequested ?? signals?.requested;
  const host = options.host ?? "127.0.0.1";
  let model: LogprobModel | undefined;
  // Extra models (--also-model) are served beside the first, e.g. for /v1/compare and /v1/detect.
  const others: LogprobModel[] = [];
  let stopped = false;
  void stopRequested?.then(() => {
    stopped = true;
  });
  try {
    model = await (dependencies.loadModel ?? loadEngineModel)(
      options.model,
      options.parallel,
      options.promptCacheTokens,
    );
    for (const path of options.alsoModel ?? [])
      others.push(
        await (dependencies.loadModel ?? loadEngineModel)(
          { ...options.model, model: path },
          options.parallel,
          options.promptCacheTokens,
        ),
      );
    if (stopped) {
      io.stderr.write("logprobe: stopped before serving\n");
      return;
    }
    const { startServer } = await import("../../server/node.js");
    const serverOptions: StartServerOptions = {
      models: [model, ...others],
      port: options.port,
      host,
      maxConcurrent: options.parallel,
      maxQueue: options.maxQueue,
      maxTokensLimit: options.maxTokensLimit,
      maxLogprobs: options.maxLogprobs,
      dialects: options.dialects,
      maxBodyBytes: options.maxBodyBytes,
      requestTimeoutMs: options.timeout * 1000,
      bodyTimeoutMs: options.bodyTimeout * 1000,
      maxConnections: options.maxConnections,
      log: (line) => io.stderr.write(`${new Date().toISOString()} ${line}\n`),
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.webRoot !== undefined ? { webRoot: options.webRoot } : {}),
      allowedHosts: options.allowHost,
      corsOrigins: options.cors,
    };
    const server = await startServer(serverOptions);
    io.stdout.write(serveBanner(server, model, options, host));
    dependencies.onListening?.(server);
    await stopRequested;
    io.stderr.write("logprobe: stopping: finishing requests in flight\n");
    await server.close(options.grace * 1000);
    io.stderr.write("logprobe: stopped\n");
  } finally {
    await model?.close?.();
    for (const other of others) await other.close?.();
    signals?.dispose();
  }
}

/** Registers `logprobe serve`. */
export function registerServe(program: Command): void {
  const command = program
    .command("serve")
    .description(
      "Serve a local model over an OpenAI-compatible HTTP API (completions with echo, chat, logprobs) and the web UI",
    );
  addModelOptions(command)
    .option("--port <port>", "TCP port, 0 to 65535 (0 picks a free one)", "8080")
    .option("-H, --host <host>", "interface to bind (default 127.0.0.1: this machine only)")
    .option(
      "--api-key <key>",
      "require 'Authorization: Bearer <key>' (default: LOGPROBE_API_KEY; none: no auth)",
    )
    .option(
      "--parallel <count>",
      `requests generated at once, each on its own context sequence, 1 to ${MAX_PARALLEL_SEQUENCES}`,
      "2",
    )
    .option(
      "--prompt-cache-tokens <tokens>",
      "tokens idle sequences keep so that a later prompt sharing their prefix evaluates only the rest (0: off)",
      String(DEFAULT_PROMPT_CACHE_TOKENS),
    )
    .option(
      "--max-queue <count>",
      "requests that may wait for a free sequence before the server answers 429",
      "16",
    )
    .option("--max-tokens-limit <tokens>", "largest max_tokens a request may ask for", "4096")
    .option(
      "--max-logprobs <count>",
      "most alternatives per token a request may ask for (logprobs, top_logprobs, prompt_logprobs; vLLM's --max-logprobs); the model's own limit still applies",
      "20",
    )
    .option(
      "--dialects <list>",
      `API dialects to serve, comma-separated: ${DIALECT_NAMES.join(",")} (default all; the web UI needs openai)`,
      DIALECT_NAMES.join(","),
    )
    .option("--max-body-bytes <bytes>", "largest request body; larger gets 413", String(8 * 1024 * 1024))
    .option(
      "--timeout <seconds>",
      "per-request time limit from when the body is read, queue wait included; 0 disables",
      "300",
    )
    .option(
      "--body-timeout <seconds>",
      "time a client has to send its whole request (headers and body), else 408; 0 disables",
      "60",
    )
    .option("--max-connections <count>", "open connections at most; more are closed at once", "256")
    .option(
      "--grace <seconds>",
      "on SIGINT/SIGTERM, how long requests in flight may finish before they are cancelled",
      "10",
    )
    .option("--web-root <dir>", "folder of the built web UI (default: the package's dist/web)")
    .option(
      "--allow-host <name>",
      "without --api-key, also answer requests for this host name (repeatable; default: localhost, 127.0.0.1 and [::1] only, against DNS rebinding)",
      (value: string, previous: string[] = []) => [...previous, ...value.split(",").filter(Boolean)],
    )
    .option(
      "--also-model <path-or-uri>",
      "serve another local model beside --model (repeatable, at most 8), e.g. a quantization for /v1/compare",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--cors <origin>",
      "let a browser app at this origin call the API (repeatable; off by default; * for any origin, only with --api-key; without a key the listed origins' pages can use the model)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (raw: unknown) => {
      const io = processIo();
      await runServe(parseServeOptions(raw, io.env), { io });
    });
}
