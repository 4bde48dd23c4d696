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
  ScoreRequest,
  ScoreResult,
} from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { parseWithSchema } from "../../wire/index.js";
import { parseProviderResponse } from "../shared/parse-provider-response.js";
import type { ProviderTransport } from "../shared/provider-transport.js";
import { RemoteProvider, remoteCapabilities } from "../shared/remote-provider.js";
import { ollamaDone } from "../shared/stream-finished.js";
import { validateGenerateRequest } from "../shared/validate-generate-request.js";
import { withTextOffsets } from "../shared/with-text-offsets.js";
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
      parseProviderResponse(this.transport.shownUrl(path), () =>
        mapOllamaResponse(value, { provenance: this.provenance(request), model: this.id, warnings }),
      ),
    );
    return { ...result, sequence: withTextOffsets(result.sequence) };
  }

  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    validateGenerateRequest(request);
    const { path, body, warnings } = convertToOllamaRequest(request, { model: this.id, stream: true });
    const provenance = this.provenance(request);
    const url = this.transport.shownUrl(path);
    const tokens: TokenLogprob[] = [];
    let text = "";
    let last: OllamaChunk | undefined;
    let offset = 0;
    let lines = 0;
    for await (const payload of this.transport.postStream(path, body, "ndjson", request.signal, ollamaDone)) {
      const chunk = parseProviderResponse(url, () =>
        parseWithSchema(OllamaChunkSchema, payload, `lines[${lines}]`),
      );
      lines++;
      const step = parseProviderResponse(url, () => ollamaTokens(chunk, provenance));
      text += ollamaText(chunk);
      last = chunk;
      for (const token of step.tokens) {
        const placed = { ...token, textOffset: offset };
        offset += token.token.length;
        tokens.push(placed);
        yield { type: "token", index: tokens.length - 1, token: placed };
      }
    }
    const allWarnings = [...warnings];
    const status = last
      ? ollamaStatus(last, tokens.length, allWarnings)
      : { finishReason: "stop" as const, usage: { promptTokens: 0, completionTokens: 0 } };
    yield {
      type: "done",
      result: {
        text,
        sequence: {
          tokens,
          text,
          provenance: { ...provenance, ...(last?.model ? { model: last.model } : {}) },
        },
        ...status,
        warnings: allWarnings,
        model: last?.model ?? this.id,
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
