import { describe, expect, it } from "vitest";
import type { GenerateRequest, ModelWarning } from "../../core/model.js";
import { greedySampler } from "../../core/sampling/draw-with-settings.js";
import { convertToGeminiRequest } from "../gemini/convert-to-gemini-request.js";
import { convertToLlamaServerRequest } from "../llama-server/convert-to-llama-server-request.js";
import { convertToOllamaRequest } from "../ollama/convert-to-ollama-request.js";
import { convertToOpenAIResponsesRequest } from "../openai/convert-to-openai-responses-request.js";
import {
  convertToChatCompletionRequest,
  type OpenAIDialect,
} from "../openai-compatible/convert-to-chat-completion-request.js";
import { convertToCompletionRequest } from "../openai-compatible/convert-to-completion-request.js";

const dialect: OpenAIDialect = {
  provider: "vllm",
  maxTopLogprobs: 20,
  maxTokensField: "max_tokens",
  extendedSampling: true,
};

/** Every provider's request converter, as (request) => warnings. */
const converters: Record<string, (request: GenerateRequest) => ModelWarning[]> = {
  gemini: (request) => convertToGeminiRequest(request).warnings,
  "llama-server": (request) => convertToLlamaServerRequest(request, { prompt: "hi", stream: false }).warnings,
  ollama: (request) => convertToOllamaRequest(request, { model: "m", stream: false }).warnings,
  "openai responses": (request) =>
    convertToOpenAIResponsesRequest(request, { model: "m", stream: false }).warnings,
  "openai-compatible chat": (request) =>
    convertToChatCompletionRequest(request, { model: "m", dialect, stream: false }).warnings,
  "openai-compatible completions": (request) =>
    convertToCompletionRequest(request, { model: "m", dialect, stream: false, echoSupported: true }).warnings,
};

describe("custom samplers on remote providers", () => {
  for (const [name, convert] of Object.entries(converters)) {
    it(`${name}: warns "unsupported-option" for sampler, and only when one is given`, () => {
      const base: GenerateRequest = { prompt: "hi", maxTokens: 4 };
      const flagged = convert({ ...base, sampler: greedySampler }).filter(
        (warning) => warning.field === "sampler",
      );
      expect(flagged).toEqual([expect.objectContaining({ code: "unsupported-option", field: "sampler" })]);
      expect(convert(base).some((warning) => warning.field === "sampler")).toBe(false);
    });
  }
});
