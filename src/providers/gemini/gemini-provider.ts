/**
 * A {@link LogprobModel} for Google's Gemini API: `POST /models/{model}:generateContent` (and
 * `:streamGenerateContent?alt=sse`) with `responseLogprobs` and `logprobs`. The key goes in the
 * `x-goog-api-key` header, never the URL. Gemini returns no prompt logprobs, so `score` is
 * unsupported.
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
import type { ProviderTransport } from "../shared/provider-transport.js";
import { RemoteProvider, remoteCapabilities } from "../shared/remote-provider.js";
import { geminiFinished } from "../shared/stream-finished.js";
import { type GenerationStreamReader, streamGeneration } from "../shared/stream-generation.js";
import { validateGenerateRequest } from "../shared/validate-generate-request.js";
import { withResultOffsets } from "../shared/with-text-offsets.js";
import { convertToGeminiRequest, GEMINI_MAX_TOP_LOGPROBS } from "./convert-to-gemini-request.js";
import {
  geminiFinishReason,
  geminiStatus,
  geminiText,
  geminiTokens,
  hasGeminiLogprobs,
  mapGeminiResponse,
} from "./map-gemini-response.js";

/** Settings of a {@link GeminiProvider}. */
export interface GeminiSettings {
  transport: ProviderTransport;
  /** Model name, e.g. "gemini-2.0-flash" (a "models/" prefix is removed). */
  model: string;
}

/** See the module comment. */
export class GeminiProvider extends RemoteProvider implements LogprobModel {
  readonly source = "gemini";
  readonly capabilities: ModelCapabilities = remoteCapabilities({
    maxTopLogprobs: GEMINI_MAX_TOP_LOGPROBS,
    textPrompt: false,
  });

  constructor(settings: GeminiSettings) {
    super({ ...settings, model: settings.model.replace(/^models\//, "") });
  }

  private path(method: "generateContent" | "streamGenerateContent"): string {
    return `/models/${encodeURIComponent(this.id)}:${method}${method === "streamGenerateContent" ? "?alt=sse" : ""}`;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    validateGenerateRequest(request);
    const { body, warnings } = convertToGeminiRequest(request);
    const result = await this.transport.postJson(
      this.path("generateContent"),
      body,
      request.signal,
      (value) => mapGeminiResponse(value, { provenance: this.provenance(request), model: this.id, warnings }),
    );
    return withResultOffsets(result);
  }

  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    validateGenerateRequest(request);
    const { body, warnings } = convertToGeminiRequest(request);
    const path = this.path("streamGenerateContent");
    yield* streamGeneration(
      this.transport,
      { path, body, format: "sse", signal: request.signal, isFinal: geminiFinished },
      this.streamReader(this.provenance(request), warnings),
    );
  }

  /** Reads SSE chunks: text and (when the model streams them) logprobs; status fields as they come. */
  private streamReader(provenance: Provenance, warnings: readonly ModelWarning[]): GenerationStreamReader {
    let text = "";
    let finishReason: string | undefined;
    let usage: { promptTokens?: number; completionTokens?: number } = {};
    let model: string | undefined;
    return {
      read: (payload) => {
        const status = geminiStatus(payload);
        if (status.finishReason !== undefined) finishReason = status.finishReason;
        if (status.usage) usage = { ...usage, ...status.usage };
        if (status.model !== undefined) model = status.model;
        if (!hasGeminiLogprobs(payload)) {
          text += geminiText(payload);
          return [];
        }
        const step = geminiTokens(payload, provenance);
        text += step.text ?? "";
        return step.tokens;
      },
      result: (tokens) => {
        const allWarnings = [...warnings];
        if (tokens.length === 0 && text !== "") {
          allWarnings.push({
            code: "missing-logprobs",
            field: "topLogprobs",
            message: "gemini streamed text without logprobs for this model; use generate (not streaming)",
          });
        }
        return {
          text,
          sequence: { tokens, text, provenance: { ...provenance, ...(model ? { model } : {}) } },
          finishReason: geminiFinishReason(finishReason, allWarnings),
          usage: {
            promptTokens: usage.promptTokens ?? 0,
            completionTokens: usage.completionTokens ?? tokens.length,
          },
          warnings: allWarnings,
          model: model ?? this.id,
        };
      },
    };
  }

  async score(_request: ScoreRequest): Promise<ScoreResult> {
    throw new UnsupportedError(
      "promptLogprobs",
      "Gemini returns no prompt logprobs; score with the embedded engine or a vLLM server",
    );
  }
}
