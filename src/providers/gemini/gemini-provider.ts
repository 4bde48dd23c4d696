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
  ScoreRequest,
  ScoreResult,
} from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { parseProviderResponse } from "../shared/parse-provider-response.js";
import type { ProviderTransport } from "../shared/provider-transport.js";
import { RemoteProvider, remoteCapabilities } from "../shared/remote-provider.js";
import { geminiFinished } from "../shared/stream-finished.js";
import { validateGenerateRequest } from "../shared/validate-generate-request.js";
import { withTextOffsets } from "../shared/with-text-offsets.js";
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
    const path = this.path("generateContent");
    const result = await this.transport.postJson(path, body, request.signal, (value) =>
      parseProviderResponse(this.transport.shownUrl(path), () =>
        mapGeminiResponse(value, { provenance: this.provenance(request), model: this.id, warnings }),
      ),
    );
    return { ...result, sequence: withTextOffsets(result.sequence) };
  }

  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    validateGenerateRequest(request);
    const { body, warnings } = convertToGeminiRequest(request);
    const path = this.path("streamGenerateContent");
    const url = this.transport.shownUrl(path);
    const provenance = this.provenance(request);
    const tokens: TokenLogprob[] = [];
    let text = "";
    let offset = 0;
    let finishReason: string | undefined;
    let usage: { promptTokens?: number; completionTokens?: number } = {};
    let model: string | undefined;
    for await (const payload of this.transport.postStream(
      path,
      body,
      "sse",
      request.signal,
      geminiFinished,
    )) {
      const status = geminiStatus(payload);
      if (status.finishReason !== undefined) finishReason = status.finishReason;
      if (status.usage) usage = { ...usage, ...status.usage };
      if (status.model !== undefined) model = status.model;
      if (!hasGeminiLogprobs(payload)) {
        text += geminiText(payload);
        continue;
      }
      const step = parseProviderResponse(url, () => geminiTokens(payload, provenance));
      text += step.text ?? "";
      for (const token of step.tokens) {
        const placed = { ...token, textOffset: offset };
        offset += token.token.length;
        tokens.push(placed);
        yield { type: "token", index: tokens.length - 1, token: placed };
      }
    }
    const allWarnings = [...warnings];
    if (tokens.length === 0 && text !== "") {
      allWarnings.push({
        code: "missing-logprobs",
        field: "topLogprobs",
        message: "gemini streamed text without logprobs for this model; use generate (not streaming)",
      });
    }
    yield {
      type: "done",
      result: {
        text,
        sequence: { tokens, text, provenance: { ...provenance, ...(model ? { model } : {}) } },
        finishReason: geminiFinishReason(finishReason, allWarnings),
        usage: {
          promptTokens: usage.promptTokens ?? 0,
          completionTokens: usage.completionTokens ?? tokens.length,
        },
        warnings: allWarnings,
        model: model ?? this.id,
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
