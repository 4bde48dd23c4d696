/**
 * A {@link LogprobModel} for OpenAI's hosted API: chat completions (`logprobs`, `top_logprobs` up to
 * 20), legacy completions for the models that still have them (`logprobs` up to 5, `echo` for prompt
 * scoring on davinci-002 / babbage-002), and the Responses API (`api: "responses"`).
 */
import { UnsupportedError } from "../../core/errors.js";
import type {
  GenerateEvent,
  GenerateRequest,
  GenerateResult,
  ModelWarning,
  ScoreRequest,
  ScoreResult,
} from "../../core/model.js";
import type { Provenance } from "../../core/types.js";
import { ResponsesStreamAccumulator } from "../../wire/responses-stream-accumulator.js";
import {
  OpenAICompatibleProvider,
  type OpenAICompatibleSettings,
} from "../openai-compatible/openai-compatible-provider.js";
import { responsesFinished } from "../shared/stream-finished.js";
import { type GenerationStreamReader, streamGeneration } from "../shared/stream-generation.js";
import { validateGenerateRequest } from "../shared/validate-generate-request.js";
import { withResultOffsets } from "../shared/with-text-offsets.js";
import { convertToOpenAIResponsesRequest } from "./convert-to-openai-responses-request.js";
import { mapOpenAIResponsesResponse, mapOpenAIResponsesStatus } from "./map-openai-responses-response.js";

/** Which OpenAI endpoint generates text. */
export type OpenAIApi = "chat" | "completions" | "responses";

/** Models that still serve `/v1/completions`. */
const LEGACY_COMPLETION_MODEL = /^(gpt-3\.5-turbo-instruct|davinci-002|babbage-002)/;
/** Models whose `/v1/completions` returns prompt logprobs with `echo`. */
const ECHO_MODEL = /^(davinci-002|babbage-002)/;

/** Settings of an {@link OpenAIProvider}. */
export interface OpenAISettings extends Omit<OpenAICompatibleSettings, "source" | "echo" | "scoreMethod"> {
  /** Endpoint for `generate`/`stream`; default "completions" for legacy models, else "chat". */
  api?: OpenAIApi;
}

/** See the module comment. */
export class OpenAIProvider extends OpenAICompatibleProvider {
  readonly api: OpenAIApi;

  constructor(settings: OpenAISettings) {
    const legacy = LEGACY_COMPLETION_MODEL.test(settings.model);
    const api = settings.api ?? (legacy ? "completions" : "chat");
    super(
      { ...settings, source: "openai", echo: ECHO_MODEL.test(settings.model), scoreMethod: "echo" },
      {
        maxTopLogprobs: settings.maxTopLogprobs ?? (api === "completions" ? 5 : 20),
        maxTokensField: api === "completions" ? "max_tokens" : "max_completion_tokens",
        extendedSampling: false,
      },
    );
    this.api = api;
  }

  /** Raw prompts go to /completions when that is the API in use; messages always go to chat. */
  protected override usesCompletions(request: GenerateRequest): boolean {
    return this.api === "completions" && request.prompt !== undefined;
  }

  override async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.api !== "responses") return super.generate(request);
    validateGenerateRequest(request);
    const { body, warnings } = convertToOpenAIResponsesRequest(request, { model: this.id, stream: false });
    const result = await this.transport.postJson("/responses", body, request.signal, (value) =>
      mapOpenAIResponsesResponse(value, { provenance: this.provenance(request), model: this.id, warnings }),
    );
    return withResultOffsets(result);
  }

  override async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    if (this.api !== "responses") {
      yield* super.stream(request);
      return;
    }
    validateGenerateRequest(request);
    const { body, warnings } = convertToOpenAIResponsesRequest(request, { model: this.id, stream: true });
    yield* streamGeneration(
      this.transport,
      { path: "/responses", body, format: "sse", signal: request.signal, isFinal: responsesFinished },
      this.responsesReader(this.provenance(request), warnings),
    );
  }

  /** Reads Responses events: text deltas add tokens; the completed (or incomplete) response has the status. */
  private responsesReader(provenance: Provenance, warnings: readonly ModelWarning[]): GenerationStreamReader {
    const accumulator = new ResponsesStreamAccumulator({ provenance });
    let finalResponse: unknown;
    return {
      read: (event) => {
        const added = accumulator.push(event);
        const type = (event as { type?: unknown }).type;
        if (type === "response.completed" || type === "response.incomplete") {
          finalResponse = (event as { response?: unknown }).response;
        }
        return added.tokens;
      },
      result: () => {
        const sequence = accumulator.sequence();
        const allWarnings = [...warnings];
        const status = mapOpenAIResponsesStatus(finalResponse, sequence.tokens.length, allWarnings);
        return {
          text: sequence.text ?? "",
          sequence,
          finishReason: status.finishReason,
          usage: status.usage,
          warnings: allWarnings,
          model: status.model ?? this.id,
        };
      },
    };
  }

  override async score(request: ScoreRequest): Promise<ScoreResult> {
    if (!this.capabilities.promptLogprobs) {
      throw new UnsupportedError(
        "promptLogprobs",
        `OpenAI returns prompt logprobs only from /v1/completions with echo on davinci-002 and babbage-002, not for ${this.id}`,
      );
    }
    return super.score(request);
  }
}
