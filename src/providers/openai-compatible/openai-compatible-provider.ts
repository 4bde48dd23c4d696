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
  ModelWarning,
  ScoreRequest,
  ScoreResult,
} from "../../core/model.js";
import type { Provenance, TokenLogprob } from "../../core/types.js";
import { ChatCompletionStreamAccumulator, CompletionStreamAccumulator } from "../../wire/index.js";
import { buildScoreResult } from "../shared/build-score-result.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";
import { parseProviderResponse } from "../shared/parse-provider-response.js";
import type { ProviderTransport } from "../shared/provider-transport.js";
import { RemoteProvider, remoteCapabilities } from "../shared/remote-provider.js";
import { countGeneratedTokens, splitEchoedSequence } from "../shared/split-echoed-sequence.js";
import { openAIChoiceFinished } from "../shared/stream-finished.js";
import { validateGenerateRequest, validateScoreRequest } from "../shared/validate-generate-request.js";
import { withTextOffsets } from "../shared/with-text-offsets.js";
import { isChatStyleCompletion, toChatChunk } from "./chat-style-completion.js";
import { convertToChatCompletionRequest, type OpenAIDialect } from "./convert-to-chat-completion-request.js";
import {
  convertToCompletionRequest,
  convertToScoreRequest,
  type ScoreMethod,
} from "./convert-to-completion-request.js";
import { mapChatCompletionResponse, mapOpenAIUsage } from "./map-chat-completion-response.js";
import { mapCompletionResponse } from "./map-completion-response.js";
import { mapPromptLogprobsResponse } from "./map-prompt-logprobs-response.js";

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
        parseProviderResponse(this.transport.shownUrl("/completions"), () =>
          mapCompletionResponse(value, {
            provenance,
            model: this.id,
            warnings,
            ...(echoedPrompt !== undefined ? { echoedPrompt } : {}),
            ...(typeof body.logprobs === "number" ? { topLogprobs: body.logprobs } : {}),
          }),
        ),
      );
      return normalizeOffsets(result);
    }
    const { body, warnings } = convertToChatCompletionRequest(request, {
      model: this.id,
      dialect: this.dialect,
      stream: false,
    });
    const result = await this.transport.postJson("/chat/completions", body, request.signal, (value) =>
      parseProviderResponse(this.transport.shownUrl("/chat/completions"), () =>
        mapChatCompletionResponse(value, { provenance, model: this.id, warnings }),
      ),
    );
    return normalizeOffsets(result);
  }

  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    validateGenerateRequest(request);
    const provenance = this.provenance(request);
    const completions = this.usesCompletions(request);
    const path = completions ? "/completions" : "/chat/completions";
    const { body, warnings } = completions
      ? convertToCompletionRequest(request, this.completionOptions(true))
      : convertToChatCompletionRequest(request, { model: this.id, dialect: this.dialect, stream: true });
    const url = this.transport.shownUrl(path);
    // llama.cpp's /v1/completions streams chat-style logprobs: such chunks are re-shaped as chat
    // chunks; the dialect is fixed by the first chunk that carries logprobs.
    let chatStyle = !completions;
    let decided = !completions;
    const createAccumulator = () =>
      chatStyle
        ? new ChatCompletionStreamAccumulator({ provenance })
        : new CompletionStreamAccumulator({
            provenance,
            ...(completions && typeof body.logprobs === "number" ? { topLogprobs: body.logprobs } : {}),
          });
    let accumulator: CompletionStreamAccumulator | ChatCompletionStreamAccumulator | undefined;
    const pending: unknown[] = [];
    const shape = (payload: unknown) => (completions && chatStyle ? toChatChunk(payload) : payload);
    // Chunks seen before the dialect was known carry no logprobs; they still hold text and reasons.
    const startAccumulator = () => {
      const created = createAccumulator();
      parseProviderResponse(url, () => {
        for (const payload of pending.splice(0)) created.push(shape(payload));
      });
      return created;
    };
    const echoedPrompt = body.echo === true ? (request.prompt ?? "") : undefined;
    let lastPayload: unknown;
    let usagePayload: unknown;
    let emitted = 0;
    let generatedLength = 0;
    // Characters of the echoed prompt not yet seen in the chunks' text, and prompt tokens seen.
    let promptRemaining = echoedPrompt?.length ?? 0;
    let promptTokens = 0;
    for await (const payload of this.transport.postStream(
      path,
      body,
      "sse",
      request.signal,
      openAIChoiceFinished,
    )) {
      lastPayload = payload;
      if (typeof payload === "object" && payload !== null && (payload as { usage?: unknown }).usage)
        usagePayload = payload;
      if (isUsageOnlyChunk(payload)) continue;
      if (!decided) {
        if (isChatStyleCompletion(payload)) chatStyle = true;
        if (hasLogprobs(payload)) decided = true;
        if (!decided) {
          pending.push(payload);
          continue;
        }
      }
      const shaped = shape(payload);
      accumulator ??= startAccumulator();
      const current = accumulator;
      const step = createAccumulator();
      const chunk = parseProviderResponse(url, () => {
        current.push(shaped);
        step.push(shaped);
        return step.sequence();
      });
      let tokens: TokenLogprob[] = chunk.tokens;
      if (promptRemaining > 0) {
        // Echo: the prompt's tokens come first; chunks are told apart by their text, which (unlike
        // token texts) spells the prompt exactly.
        const chunkText = chunk.text ?? "";
        const generatedText = chunkText.length > promptRemaining ? chunkText.slice(promptRemaining) : "";
        const generated = generatedText === "" ? 0 : (countGeneratedTokens(tokens, generatedText) ?? 0);
        promptTokens += tokens.length - generated;
        promptRemaining = Math.max(0, promptRemaining - chunkText.length);
        tokens = tokens.slice(tokens.length - generated);
      }
      for (const token of tokens) {
        yield { type: "token", index: emitted++, token: { ...token, textOffset: generatedLength } };
        generatedLength += token.token.length;
      }
    }
    const finalAccumulator = accumulator ?? startAccumulator();
    const all = parseProviderResponse(url, () => finalAccumulator.sequence());
    const allWarnings: ModelWarning[] = [...warnings];
    const finishReason = mapFinishReason(finalAccumulator.finishReason, allWarnings);
    let text = all.text ?? "";
    let result: GenerateResult;
    if (echoedPrompt !== undefined) {
      const { prompt, generated } = splitEchoedSequence(all, promptTokens);
      if (text.startsWith(echoedPrompt)) text = text.slice(echoedPrompt.length);
      result = {
        text,
        sequence: { ...generated, text },
        prompt,
        finishReason,
        usage: mapOpenAIUsage(usagePayload ?? lastPayload, generated.tokens.length),
        warnings: allWarnings,
        model: all.provenance.model ?? this.id,
      };
    } else {
      result = {
        text,
        sequence: all,
        finishReason,
        usage: mapOpenAIUsage(usagePayload ?? lastPayload, all.tokens.length),
        warnings: allWarnings,
        model: all.provenance.model ?? this.id,
      };
    }
    yield { type: "done", result: normalizeOffsets(result) };
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
      (value) => ({
        usage: mapOpenAIUsage(value, 0),
        sequence: parseProviderResponse(url, () => {
          if (this.scoreMethod === "prompt_logprobs") {
            return mapPromptLogprobsResponse(value, { provenance, text: request.text });
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
          return result.prompt;
        }),
      }),
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

/** Offsets relative to each sequence's own text (see {@link withTextOffsets}). */
function normalizeOffsets(result: GenerateResult): GenerateResult {
  return {
    ...result,
    sequence: withTextOffsets(result.sequence),
    ...(result.prompt ? { prompt: withTextOffsets(result.prompt) } : {}),
  };
}

/** True when a chunk's first choice carries a logprobs object. */
function hasLogprobs(payload: unknown): boolean {
  const choices = (payload as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return false;
  const logprobs = (choices[0] as { logprobs?: unknown } | undefined)?.logprobs;
  return typeof logprobs === "object" && logprobs !== null;
}

/** The final `stream_options.include_usage` chunk has `choices: []` and only `usage`. */
function isUsageOnlyChunk(payload: unknown): boolean {
  if (typeof payload !== "object" || payload === null) return false;
  const choices = (payload as { choices?: unknown }).choices;
  return Array.isArray(choices) && choices.length === 0;
}
