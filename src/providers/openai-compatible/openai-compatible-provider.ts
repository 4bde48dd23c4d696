/**
 * A {@link LogprobModel} for any server that speaks OpenAI's API: vLLM (with `prompt_logprobs`),
 * SGLang, TGI, llama.cpp server's `/v1`, LM Studio, Together, and `logprobe serve`. Messages go to
 * `/chat/completions`, raw prompts to `/completions` (with `echo` for prompt logprobs), scoring to
 * `/completions` with `echo: true, max_tokens: 0` or vLLM's `prompt_logprobs`.
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
import type { Provenance } from "../../core/types.js";
import { buildScoreResult } from "../shared/build-score-result.js";
import type { ProviderTransport } from "../shared/provider-transport.js";
import { RemoteProvider, remoteCapabilities } from "../shared/remote-provider.js";
import { openAIChoiceFinished } from "../shared/stream-finished.js";
import { streamGeneration } from "../shared/stream-generation.js";
import { validateGenerateRequest, validateScoreRequest } from "../shared/validate-generate-request.js";
import { withResultOffsets, withTextOffsets } from "../shared/with-text-offsets.js";
import { convertToChatCompletionRequest, type OpenAIDialect } from "./convert-to-chat-completion-request.js";
import {
  convertToCompletionRequest,
  convertToScoreRequest,
  type ScoreMethod,
} from "./convert-to-completion-request.js";
import { mapChatCompletionResponse, mapOpenAIUsage } from "./map-chat-completion-response.js";
import { mapCompletionResponse } from "./map-completion-response.js";
import { mapPromptLogprobsResponse } from "./map-prompt-logprobs-response.js";
import { OpenAIStreamReader } from "./openai-stream-reader.js";

/** Settings of an {@link OpenAICompatibleProvider}. */
export interface OpenAICompatibleSettings {
  /** Sends the requests (base URL, key, retries, cache). */
  transport: ProviderTransport;
  /** Model name sent in every body. */
  model: string;
  /** `Provenance.source` and `LogprobModel.source`. Default "openai-compatible". */
  source?: string;
  /** Largest top-k the server accepts. Default 20 (vLLM's default `--max-logprobs`, OpenAI chat's limit). */
  maxTopLogprobs?: number;
  /** How texts are scored. Default "echo". */
  scoreMethod?: ScoreMethod;
  /** Whether `/completions` returns prompt logprobs with `echo`. Default true. */
  echo?: boolean;
}

/** See the module comment. */
export class OpenAICompatibleProvider extends RemoteProvider implements LogprobModel {
  readonly source: string;
  readonly capabilities: ModelCapabilities;
  protected readonly dialect: OpenAIDialect;
  protected readonly scoreMethod: ScoreMethod;
  protected readonly echoSupported: boolean;

  constructor(settings: OpenAICompatibleSettings, dialect?: Partial<OpenAIDialect>) {
    super(settings);
    this.source = settings.source ?? "openai-compatible";
    this.scoreMethod = settings.scoreMethod ?? "echo";
    this.echoSupported = settings.echo ?? true;
    this.dialect = {
      provider: this.source,
      maxTopLogprobs: settings.maxTopLogprobs ?? 20,
      maxTokensField: "max_tokens",
      extendedSampling: true,
      ...dialect,
    };
    this.capabilities = remoteCapabilities({
      maxTopLogprobs: this.dialect.maxTopLogprobs,
      promptLogprobs: this.echoSupported || this.scoreMethod === "prompt_logprobs",
    });
  }

  /** Whether a raw prompt goes to `/completions` (true here; OpenAI decides per model). */
  protected usesCompletions(request: GenerateRequest): boolean {
    return request.prompt !== undefined;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    validateGenerateRequest(request);
    const provenance = this.provenance(request);
    if (this.usesCompletions(request)) {
      const { body, warnings } = convertToCompletionRequest(request, this.completionOptions(false));
      const echoedPrompt = body.echo === true ? request.prompt : undefined;
      const result = await this.transport.postJson("/completions", body, request.signal, (value) =>
        mapCompletionResponse(value, {
          provenance,
          model: this.id,
          warnings,
          ...(echoedPrompt !== undefined ? { echoedPrompt } : {}),
          ...(typeof body.logprobs === "number" ? { topLogprobs: body.logprobs } : {}),
        }),
      );
      return withResultOffsets(result);
    }
    const { body, warnings } = convertToChatCompletionRequest(request, {
      model: this.id,
      dialect: this.dialect,
      stream: false,
    });
    const result = await this.transport.postJson("/chat/completions", body, request.signal, (value) =>
      mapChatCompletionResponse(value, { provenance, model: this.id, warnings }),
    );
    return withResultOffsets(result);
  }

  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    validateGenerateRequest(request);
    const completions = this.usesCompletions(request);
    const path = completions ? "/completions" : "/chat/completions";
    const { body, warnings } = completions
      ? convertToCompletionRequest(request, this.completionOptions(true))
      : convertToChatCompletionRequest(request, { model: this.id, dialect: this.dialect, stream: true });
    const reader = new OpenAIStreamReader({
      completions,
      provenance: this.provenance(request),
      model: this.id,
      warnings,
      ...(completions && typeof body.logprobs === "number" ? { topLogprobs: body.logprobs } : {}),
      ...(body.echo === true ? { echoedPrompt: request.prompt ?? "" } : {}),
    });
    yield* streamGeneration(
      this.transport,
      { path, body, format: "sse", signal: request.signal, isFinal: openAIChoiceFinished },
      reader,
    );
  }

  async score(request: ScoreRequest): Promise<ScoreResult> {
    validateScoreRequest(request);
    const { body, warnings } = convertToScoreRequest(request, {
      model: this.id,
      dialect: this.dialect,
      method: this.scoreMethod,
    });
    const provenance: Provenance = { source: this.source, model: this.id, distribution: "top-k" };
    const url = this.transport.shownUrl("/completions");
    const { sequence, usage } = await this.transport.postJson(
      "/completions",
      body,
      request.signal,
      (value) => {
        if (this.scoreMethod === "prompt_logprobs") {
          const sequence = mapPromptLogprobsResponse(value, { provenance, text: request.text });
          return { usage: mapOpenAIUsage(value, 0), sequence };
        }
        const result = mapCompletionResponse(value, {
          provenance,
          model: this.id,
          warnings,
          echoedPrompt: request.text,
          ...(typeof body.logprobs === "number" ? { topLogprobs: body.logprobs } : {}),
        });
        if (!result.prompt || result.prompt.tokens.length === 0) {
          throw new UnsupportedError(
            "promptLogprobs",
            `${url} returned no prompt logprobs for echo (llama.cpp's /v1/completions has none); score with a server that echoes them (vLLM, logprobe serve) or with the engine`,
          );
        }
        return { usage: mapOpenAIUsage(value, 0), sequence: result.prompt };
      },
    );
    return buildScoreResult(withTextOffsets({ ...sequence, text: request.text }), {
      usage: { promptTokens: usage.promptTokens || sequence.tokens.length, completionTokens: 0 },
      warnings,
      model: sequence.provenance.model ?? this.id,
    });
  }

  /** Options of the legacy completions converter. */
  protected completionOptions(stream: boolean) {
    return { model: this.id, dialect: this.dialect, stream, echoSupported: this.echoSupported };
  }
}
