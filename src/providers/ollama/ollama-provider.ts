/**
 * A {@link LogprobModel} for Ollama's native API: `POST /api/generate` (raw prompts) and
 * `POST /api/chat` (messages), both with `logprobs: true, top_logprobs: k`, streamed as NDJSON.
 * Ollama returns no prompt logprobs, so `score` is unsupported.
 */

import { UnsupportedError } from "../../core/errors.js";
import type {
  GenerateEvent,
  GenerateRequest,
  GenerateResult,
  LogprobModel,
  ModelCapabilities,
  ModelWarning,
  ScoreRequest,
  ScoreResult,
} from "../../core/model.js";
import type { Provenance } from "../../core/types.js";
import { parseWithSchema } from "../../wire/index.js";
import type { ProviderTransport } from "../shared/provider-transport.js";
import { RemoteProvider, remoteCapabilities } from "../shared/remote-provider.js";
import { ollamaDone } from "../shared/stream-finished.js";
import { type GenerationStreamReader, streamGeneration } from "../shared/stream-generation.js";
import { validateGenerateRequest } from "../shared/validate-generate-request.js";
import { withResultOffsets } from "../shared/with-text-offsets.js";
import { convertToOllamaRequest, OLLAMA_MAX_TOP_LOGPROBS } from "./convert-to-ollama-request.js";
import {
  mapOllamaResponse,
  type OllamaChunk,
  OllamaChunkSchema,
  ollamaStatus,
  ollamaText,
  ollamaTokens,
} from "./map-ollama-response.js";

/** Settings of an {@link OllamaProvider}. */
export interface OllamaSettings {
  transport: ProviderTransport;
  /** Ollama model tag, e.g. "llama3.2:1b". */
  model: string;
}

/** See the module comment. */
export class OllamaProvider extends RemoteProvider implements LogprobModel {
  readonly source = "ollama";
  readonly capabilities: ModelCapabilities = remoteCapabilities({ maxTopLogprobs: OLLAMA_MAX_TOP_LOGPROBS });

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    validateGenerateRequest(request);
    const { path, body, warnings } = convertToOllamaRequest(request, { model: this.id, stream: false });
    const result = await this.transport.postJson(path, body, request.signal, (value) =>
      mapOllamaResponse(value, { provenance: this.provenance(request), model: this.id, warnings }),
    );
    return withResultOffsets(result);
  }

  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    validateGenerateRequest(request);
    const { path, body, warnings } = convertToOllamaRequest(request, { model: this.id, stream: true });
    yield* streamGeneration(
      this.transport,
      { path, body, format: "ndjson", signal: request.signal, isFinal: ollamaDone },
      this.streamReader(this.provenance(request), warnings),
    );
  }

  /** Reads NDJSON lines: each adds text and tokens; the last (`done: true`) has the status. */
  private streamReader(provenance: Provenance, warnings: readonly ModelWarning[]): GenerationStreamReader {
    let text = "";
    let last: OllamaChunk | undefined;
    let lines = 0;
    return {
      read: (payload) => {
        const chunk = parseWithSchema(OllamaChunkSchema, payload, `lines[${lines}]`);
        lines++;
        text += ollamaText(chunk);
        last = chunk;
        return ollamaTokens(chunk, provenance).tokens;
      },
      result: (tokens) => {
        const allWarnings = [...warnings];
        const status = last
          ? ollamaStatus(last, tokens.length, allWarnings)
          : { finishReason: "stop" as const, usage: { promptTokens: 0, completionTokens: 0 } };
        const model = last?.model;
        return {
          text,
          sequence: { tokens, text, provenance: { ...provenance, ...(model ? { model } : {}) } },
          ...status,
          warnings: allWarnings,
          model: model ?? this.id,
        };
      },
    };
  }

  async score(_request: ScoreRequest): Promise<ScoreResult> {
    throw new UnsupportedError(
      "promptLogprobs",
      "Ollama returns no prompt logprobs; score with the embedded engine, vLLM (openai-compatible) or logprobe serve",
    );
  }
}
