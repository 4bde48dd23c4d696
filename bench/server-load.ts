/**
 * Server throughput: `clients` concurrent clients, each sending `requests` greedy
 * `/v1/completions` requests (one after another) with 5 logprobs per token. Works against any
 * OpenAI-compatible server (logprobe serve, llama-server).
 */

/** Result of one load test. */
export interface LoadResult {
  clients: number;
  requests: number;
  completionTokens: number;
  seconds: number;
  /** Generated tokens per second, all clients together. */
  tokensPerSecond: number;
  /** Median seconds per request. */
  medianRequestSeconds: number;
}

/** Runs the load test. `extra` adds server-specific body fields. */
export async function loadTest(
  url: string,
  options: {
    clients: number;
    requests: number;
    prompt: string;
    maxTokens: number;
    model: string;
    extra?: object;
  },
): Promise<LoadResult> {
  const durations: number[] = [];
  let completionTokens = 0;
  const client = async (index: number) => {
    for (let r = 0; r < options.requests; r++) {
      const started = performance.now();
      const response = await fetch(`${url}/v1/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: options.model,
          prompt: `${options.prompt} (${index}.${r})`,
          max_tokens: options.maxTokens,
          temperature: 0,
          logprobs: 5,
          ...options.extra,
        }),
      });
      const body = (await response.json()) as { usage?: { completion_tokens?: number } };
      if (!response.ok)
        throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
      completionTokens += body.usage?.completion_tokens ?? 0;
      durations.push((performance.now() - started) / 1000);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    clients: options.clients,
    requests: options.requests * options.clients,
    completionTokens,
    seconds,
    tokensPerSecond: completionTokens / seconds,
    medianRequestSeconds: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
  };
}
