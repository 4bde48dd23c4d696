/**
 * A {@link LogprobModel} for llama.cpp's `llama-server` through its native API: `POST /completion`
 * with `n_probs` (raw distribution) or `post_sampling_probs` (the processed one), `/apply-template`
 * for chat messages, and `/tokenize` / `/detokenize`. It cannot score a given text: the server
 * returns no prompt logprobs.
 */

import { z } from "zod";
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
import type { LogprobSequence, Provenance } from "../../core/types.js";
import { parseWithSchema } from "../../wire/index.js";
import { limitAlternatives } from "../shared/limit-alternatives.js";
import type { ProviderTransport } from "../shared/provider-transport.js";
import { unsupportedOption } from "../shared/provider-warnings.js";
import { RemoteProvider, remoteCapabilities } from "../shared/remote-provider.js";
import { llamaServerStopped } from "../shared/stream-finished.js";
import { type GenerationStreamReader, streamGeneration } from "../shared/stream-generation.js";
import { validateGenerateRequest } from "../shared/validate-generate-request.js";
import { withResultOffsets } from "../shared/with-text-offsets.js";
import {
  convertToLlamaServerRequest,
  LLAMA_SERVER_MAX_TOP_LOGPROBS,
} from "./convert-to-llama-server-request.js";
import {
  type LlamaServerChunk,
  LlamaServerChunkSchema,
  llamaServerStatus,
  llamaServerTokens,
  mapLlamaServerResponse,
} from "./map-llama-server-response.js";

const TemplateResponseSchema = z.object({ prompt: z.string() });
const TokenizeResponseSchema = z.object({
  tokens: z.array(z.union([z.number().int(), z.object({ id: z.number().int() })])),
});
const DetokenizeResponseSchema = z.object({ content: z.string() });

/** Settings of a {@link LlamaServerProvider}. */
export interface LlamaServerSettings {
  transport: ProviderTransport;
  /** Model name shown in results (llama-server serves the model it was started with). */
  model: string;
}

/** See the module comment. */
export class LlamaServerProvider extends RemoteProvider implements LogprobModel {
  readonly source = "llama-server";
  readonly capabilities: ModelCapabilities = remoteCapabilities({
    maxTopLogprobs: LLAMA_SERVER_MAX_TOP_LOGPROBS,
    logprobsModes: ["raw", "processed"],
    tokenize: true,
  });

  /** With `post_sampling_probs` (processed mode) llama-server reports the sampled-from distribution. */
  protected override provenance(request: GenerateRequest): Provenance {
    return super.provenance(request, request.logprobsMode === "processed" ? "processed" : "top-k");
  }

  /** The raw prompt: the request's, or the messages formatted by the server's chat template. */
  private async promptOf(request: GenerateRequest): Promise<string> {
    if (request.prompt !== undefined) return request.prompt;
    const template = await this.transport.postJson(
      "/apply-template",
      { messages: request.messages },
      request.signal,
      (value) => parseWithSchema(TemplateResponseSchema, value),
    );
    return template.prompt;
  }

  private echoWarnings(request: GenerateRequest) {
    return request.echo
      ? [unsupportedOption("echo", "llama-server's /completion returns no prompt logprobs")]
      : [];
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    validateGenerateRequest(request);
    const prompt = await this.promptOf(request);
    const { body, warnings } = convertToLlamaServerRequest(request, { prompt, stream: false });
    const result = await this.transport.postJson("/completion", body, request.signal, (value) =>
      mapLlamaServerResponse(value, {
        provenance: this.provenance(request),
        model: this.id,
        warnings: [...this.echoWarnings(request), ...warnings],
      }),
    );
    return withResultOffsets({
      ...result,
      sequence: limitAlternatives(result.sequence, request.topLogprobs ?? 0),
    });
  }

  async *stream(request: GenerateRequest): AsyncGenerator<GenerateEvent> {
    validateGenerateRequest(request);
    const prompt = await this.promptOf(request);
    const { body, warnings } = convertToLlamaServerRequest(request, { prompt, stream: true });
    yield* streamGeneration(
      this.transport,
      { path: "/completion", body, format: "sse", signal: request.signal, isFinal: llamaServerStopped },
      this.streamReader(request, [...this.echoWarnings(request), ...warnings]),
    );
  }

  /** Reads SSE chunks of `/completion`: text and tokens each; the last (`stop: true`) has the status. */
  private streamReader(request: GenerateRequest, warnings: readonly ModelWarning[]): GenerationStreamReader {
    const provenance = this.provenance(request);
    const topLogprobs = request.topLogprobs ?? 0;
    let text = "";
    let last: LlamaServerChunk | undefined;
    let distribution = provenance.distribution;
    let chunks = 0;
    return {
      read: (payload) => {
        const chunk = parseWithSchema(LlamaServerChunkSchema, payload, `chunks[${chunks}]`);
        chunks++;
        const step = llamaServerTokens(chunk, provenance, "completion_probabilities");
        distribution = step.provenance.distribution;
        text += chunk.content;
        last = chunk;
        return step.tokens.map((token) => ({ ...token, top: token.top.slice(0, topLogprobs) }));
      },
      result: (tokens) => {
        const allWarnings = [...warnings];
        const status = last
          ? llamaServerStatus(last, tokens.length, allWarnings)
          : { finishReason: "stop" as const, usage: { promptTokens: 0, completionTokens: 0 } };
        const sequence: LogprobSequence = { tokens, text, provenance: { ...provenance, distribution } };
        return { text, sequence, ...status, warnings: allWarnings, model: last?.model ?? this.id };
      },
    };
  }

  async score(_request: ScoreRequest): Promise<ScoreResult> {
    throw new UnsupportedError(
      "promptLogprobs",
      "llama-server returns no prompt logprobs; score with the embedded engine, vLLM (openai-compatible) or logprobe serve",
    );
  }

  /** Token ids of `text` without BOS (`POST /tokenize`). */
  async tokenize(text: string): Promise<number[]> {
    const parsed = await this.transport.postJson(
      "/tokenize",
      { content: text, add_special: false },
      undefined,
      (value) => parseWithSchema(TokenizeResponseSchema, value),
    );
    return parsed.tokens.map((token) => (typeof token === "number" ? token : token.id));
  }

  /** Text of token ids (`POST /detokenize`). */
  async detokenize(tokens: number[]): Promise<string> {
    const parsed = await this.transport.postJson("/detokenize", { tokens }, undefined, (value) =>
      parseWithSchema(DetokenizeResponseSchema, value),
    );
    return parsed.content;
  }
}
