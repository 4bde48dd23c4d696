/**
 * The shared model conformance suite (test/conformance) over every provider, each talking to a
 * replay of recorded vendor responses (src/providers/__fixtures__) through an injected fetch. The
 * replay answers by endpoint and by whether the request streams, echoes or scores, so generate and
 * stream see the same recorded tokens.
 */

import {
  jsonRecording,
  type Recording,
  routedFetch,
  streamRecording,
} from "../../src/providers/__fixtures__/replay-fetch.js";
import { createProvider, type ProviderName } from "../../src/providers/index.js";
import { describeModelConformance } from "../conformance/model-conformance.js";

const routes: Record<ProviderName, (url: string, body: Record<string, unknown>) => Recording> = {
  openai: (url, body) => {
    if (!url.endsWith("/chat/completions")) throw new Error(`unexpected ${url}`);
    return body.stream ? streamRecording("openai-chat-stream.txt") : jsonRecording("openai-chat.json");
  },
  "openai-compatible": (url, body) => {
    if (url.endsWith("/chat/completions")) {
      return body.stream ? streamRecording("openai-chat-stream.txt") : jsonRecording("openai-chat.json");
    }
    if (body.echo && body.prompt === "The sky is blue") return jsonRecording("openai-score-echo.json");
    if (body.echo) return jsonRecording("openai-completion-echo.json");
    return body.stream
      ? streamRecording("vllm-completion-stream.txt")
      : jsonRecording("vllm-completion.json");
  },
  "llama-server": (url, body) => {
    if (url.endsWith("/tokenize")) return jsonRecording("llama-server-tokenize.json");
    if (url.endsWith("/detokenize")) return jsonRecording("llama-server-detokenize.json");
    if (url.endsWith("/apply-template")) return jsonRecording("llama-server-apply-template.json");
    return body.stream
      ? streamRecording("llama-server-completion-stream.txt")
      : jsonRecording("llama-server-completion.json");
  },
  ollama: (url, body) => {
    if (url.endsWith("/api/chat"))
      return streamRecording("ollama-chat-stream.ndjson", "application/x-ndjson");
    return body.stream
      ? streamRecording("ollama-generate-stream.ndjson", "application/x-ndjson")
      : jsonRecording("ollama-generate.json");
  },
  gemini: (url) =>
    url.includes(":streamGenerateContent")
      ? streamRecording("gemini-generate-stream.txt")
      : jsonRecording("gemini-generate.json"),
};

const models: Record<ProviderName, string> = {
  openai: "gpt-4o-mini",
  "openai-compatible": "meta-llama/Llama-3.2-1B",
  "llama-server": "stories260K",
  ollama: "llama3.2:1b",
  gemini: "gemini-2.0-flash",
};

for (const provider of Object.keys(routes) as ProviderName[]) {
  describeModelConformance(
    `${provider} (replayed)`,
    async () => {
      const { fetch } = routedFetch(routes[provider]);
      return createProvider({
        provider,
        model: models[provider],
        fetch,
        maxRetries: 0,
        ...(provider === "openai-compatible" ? { baseUrl: "http://127.0.0.1:8000/v1" } : {}),
        environment: {
          OPENAI_API_KEY: "sk-replay-0000000000",
          GEMINI_API_KEY: "AIza-replay-00000000000000000",
        },
      });
    },
    {
      deterministic: true,
      // The recorded fixtures' own prompt and scored text, so that echo splits where they were recorded.
      prompt: "The sky",
      scoreText: "The sky is blue",
    },
  );
}
