/**
 * Soak test of `logprobe serve` (outside CI): starts the server as a child process on 127.0.0.1
 * over a local GGUF model, sends a mixed stream of good and hostile requests from concurrent
 * clients for a while, and prints what happened: requests by status, 5xx, internal errors in the
 * server's log, the longest `/health` answer, and the server's RSS over time (a markdown table for
 * RELIABILITY.md). Traffic goes to 127.0.0.1 only.
 *
 *   npx tsx bench/soak.ts --model ../shared/models/stories260K.gguf --seconds 150 --clients 24
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    model: { type: "string", default: resolve(root, "..", "shared", "models", "stories260K.gguf") },
    seconds: { type: "string", default: "150" },
    clients: { type: "string", default: "24" },
    sample: { type: "string", default: "15" },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const sampleSeconds = Number(values.sample);
const host = "127.0.0.1";

/** A small seeded PRNG (mulberry32), so a run's traffic mix can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

async function startServer(): Promise<{
  url: string;
  pid: number;
  log: string[];
  stop: () => Promise<number | null>;
}> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/bin.ts",
      "serve",
      "--model",
      values.model!,
      "--host",
      host,
      "--port",
      "0",
      "--parallel",
      "2",
      "--max-queue",
      "16",
      "--context-size",
      "256",
      "--body-timeout",
      "10",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  const log: string[] = [];
  let pending = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    log.push(...lines);
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${log.join("\n")}`)));
  });
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
  return {
    url,
    pid: child.pid!,
    log,
    stop: async () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}

type Outcome = number | "network-error" | "aborted-by-us";

async function main(): Promise<void> {
  const server = await startServer();
  const counts = new Map<string, number>();
  const byKind = new Map<string, number>();
  const count = (kind: string, outcome: Outcome) => {
    counts.set(String(outcome), (counts.get(String(outcome)) ?? 0) + 1);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  };
  const json = { "content-type": "application/json" };
  const post = (path: string, body: unknown, extra: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: json,
      body: typeof body === "string" ? body : JSON.stringify(body),
      ...extra,
    });
  const story = "Once upon a time there was a little girl named Lily. She liked to play outside. ";
  const kinds: [string, number, (next: () => number) => Promise<Outcome>][] = [
    [
      "completion",
      26,
      async (next) =>
        (
          await drain(
            post("/v1/completions", {
              prompt: `${story}${Math.floor(next() * 1000)}`,
              max_tokens: 16,
              logprobs: 5,
              temperature: next(),
            }),
          )
        ).status,
    ],
    [
      "completion-stream",
      12,
      async () =>
        (await drain(post("/v1/completions", { prompt: story, max_tokens: 24, logprobs: 2, stream: true })))
          .status,
    ],
    [
      "chat",
      8,
      async () =>
        (
          await drain(
            post("/v1/chat/completions", {
              messages: [{ role: "user", content: "Tell me a story" }],
              max_tokens: 12,
              logprobs: true,
              top_logprobs: 3,
            }),
          )
        ).status,
    ],
    [
      "n-choices",
      4,
      async () =>
        (
          await drain(
            post("/v1/completions", { prompt: story, max_tokens: 8, n: 6, temperature: 1, seed: 1 }),
          )
        ).status,
    ],
    [
      "score",
      8,
      async () => (await drain(post("/v1/score", { input: story.repeat(3), top_logprobs: 2 }))).status,
    ],
    [
      "echo-surrogate",
      4,
      async () =>
        (await drain(post("/v1/completions", { prompt: "a\ud800b", max_tokens: 0, echo: true, logprobs: 1 })))
          .status,
    ],
    [
      "tokenize-1MB",
      2,
      async () => (await drain(post("/tokenize", { prompt: story.repeat(12_500) }))).status,
    ],
    [
      "prompt-8MB",
      1,
      async () =>
        (await drain(post("/v1/completions", { prompt: "x".repeat(8_000_000), max_tokens: 1 }))).status,
    ],
    ["malformed-json", 6, async () => (await drain(post("/v1/completions", '{"prompt": "x", '))).status],
    [
      "deep-nesting",
      3,
      async () =>
        (await drain(post("/v1/chat/completions", `${"[".repeat(50_000)}${"]".repeat(50_000)}`))).status,
    ],
    [
      "text-plain",
      4,
      async () =>
        (
          await drain(
            fetch(`${server.url}/v1/completions`, {
              method: "POST",
              body: '{"prompt":"x"}',
              headers: { "content-type": "text/plain" },
            }),
          )
        ).status,
    ],
    [
      "foreign-host",
      3,
      () => rawStatus("GET /v1/models HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n"),
    ],
    [
      "log-injection",
      2,
      () =>
        rawStatus(
          "GET /x%0A2026-01-01T00:00:00Z%20POST%20/v1/completions%20200 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ),
    ],
    [
      "traversal",
      2,
      () => rawStatus("GET /..%2f..%2fpackage.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    ],
    [
      "stream-disconnect",
      5,
      async () => {
        const controller = new AbortController();
        const response = await post(
          "/v1/completions",
          { prompt: story, max_tokens: 200, stream: true },
          { signal: controller.signal },
        );
        await response.body?.getReader().read();
        controller.abort();
        return "aborted-by-us";
      },
    ],
    [
      "upload-abort",
      3,
      async () => {
        const socket = connect(Number(new URL(server.url).port), host);
        await new Promise((resolveConnect) => socket.once("connect", resolveConnect));
        socket.write(
          'POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"prompt":',
        );
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
        socket.destroy();
        return "aborted-by-us";
      },
    ],
    [
      "slow-body",
      1,
      async () => {
        const socket = connect(Number(new URL(server.url).port), host);
        socket.on("error", () => {});
        await new Promise((resolveConnect) => socket.once("connect", resolveConnect));
        socket.write(
          "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{",
        );
        let reply = "";
        socket.setEncoding("utf8").on("data", (chunk: string) => {
          reply += chunk;
        });
        const trickle = setInterval(() => socket.write(" "), 2000);
        await new Promise((resolveClose) => socket.once("close", resolveClose));
        clearInterval(trickle);
        return Number(/^HTTP\/1\.1 (\d+)/.exec(reply)?.[1] ?? 0) || "network-error";
      },
    ],
  ];
  const totalWeight = kinds.reduce((sum, [, weight]) => sum + weight, 0);

  async function drain(responsePromise: Promise<Response>): Promise<Response> {
    const response = await responsePromise;
    await response.arrayBuffer();
    return response;
  }
  function rawStatus(requestText: string): Promise<Outcome> {
    return new Promise((resolveStatus) => {
      const socket = connect(Number(new URL(server.url).port), host);
      let reply = "";
      socket.setEncoding("utf8").on("data", (chunk: string) => {
        reply += chunk;
      });
      socket.on("error", () => resolveStatus("network-error"));
      socket.on("close", () =>
        resolveStatus(Number(/^HTTP\/1\.1 (\d+)/.exec(reply)?.[1] ?? 0) || "network-error"),
      );
      socket.write(requestText);
    });
  }

  const samples: { second: number; rssMiB: number; requests: number; fiveHundreds: number }[] = [];
  const fiveHundreds = () =>
    [...counts].filter(([status]) => /^5\d\d$/.test(status)).reduce((sum, [, n]) => sum + n, 0);
  const total = () => [...counts.values()].reduce((sum, n) => sum + n, 0);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  samples.push({ second: 0, rssMiB: rssMiB(server.pid), requests: 0, fiveHundreds: 0 });
  const sampler = setInterval(() => {
    samples.push({
      second: Math.round(elapsed()),
      rssMiB: rssMiB(server.pid),
      requests: total(),
      fiveHundreds: fiveHundreds(),
    });
  }, sampleSeconds * 1000);
  let slowestHealthMs = 0;
  const healthProbe = setInterval(async () => {
    const probeStart = performance.now();
    const response = await fetch(`${server.url}/health`).catch(() => undefined);
    await response?.arrayBuffer();
    slowestHealthMs = Math.max(slowestHealthMs, performance.now() - probeStart);
  }, 500);

  const client = async (index: number) => {
    const next = random(index + 1);
    while (elapsed() < seconds) {
      const pick = next() * totalWeight;
      let cumulative = 0;
      const entry =
        kinds.find(([, weight]) => {
          cumulative += weight;
          return pick < cumulative;
        }) ?? kinds[0]!;
      const outcome = await entry[2](next).catch(() => "network-error" as const);
      count(entry[0], outcome);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  clearInterval(sampler);
  clearInterval(healthProbe);
  samples.push({
    second: Math.round(elapsed()),
    rssMiB: rssMiB(server.pid),
    requests: total(),
    fiveHundreds: fiveHundreds(),
  });
  const exitCode = await server.stop();
  const internalErrors = server.log.filter((line) => line.includes("internal error"));

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `soak: ${seconds} s, ${clients} clients, serve --parallel 2 --max-queue 16 over ${values.model} on ${cpu}`,
  );
  console.log(
    `requests: ${total()}; by status: ${[...counts]
      .sort()
      .map(([status, n]) => `${status}=${n}`)
      .join(", ")}`,
  );
  console.log(`by kind: ${[...byKind].map(([kind, n]) => `${kind}=${n}`).join(", ")}`);
  console.log(
    `5xx: ${fiveHundreds()}; internal errors logged: ${internalErrors.length}; slowest /health: ${Math.round(slowestHealthMs)} ms; server exit code after SIGINT: ${exitCode}`,
  );
  for (const line of internalErrors.slice(0, 5)) console.log(`  ${line}`);
  console.log("\n| second | requests so far | 5xx so far | server RSS (MiB) |\n|---:|---:|---:|---:|");
  for (const sample of samples) {
    console.log(
      `| ${sample.second} | ${sample.requests} | ${sample.fiveHundreds} | ${sample.rssMiB.toFixed(1)} |`,
    );
  }
}

await main();
